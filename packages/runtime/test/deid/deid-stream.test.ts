import { Readable, Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DeidInputError } from '../../src/deid/deid-input-error.js';
import { deidentifyStream, type DeidStreamOptions } from '../../src/deid/deid-stream.js';
import { FhirDeidentifier } from '../../src/deid/fhir-deidentifier.js';
import { Pseudonymizer } from '../../src/deid/pseudonymizer.js';
import { SafeHarbor } from '../../src/deid/safe-harbor.js';
import { SqliteLinkageStore } from '../../src/deid/sqlite-linkage-store.js';
import {
  bethanyBundle,
  fixtureText,
  identifyingValues,
  restrictedZip3,
  valuesIn,
} from './fhir-deid-fixture.js';

const asOf = new Date('2025-06-15T00:00:00Z');

function newDeidentifier(pseudonyms = new Pseudonymizer()): FhirDeidentifier {
  return new FhirDeidentifier({ harbor: new SafeHarbor({ restrictedZip3, asOf, pseudonyms }) });
}

/** Creates a Writable that keeps what is written, as text. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(
  input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  options: Partial<DeidStreamOptions> & { format: 'ndjson' | 'bundle' },
) {
  const output = collector();
  const deidentifier = options.deidentifier ?? newDeidentifier();
  const result = await deidentifyStream(Readable.from(input, { objectMode: true }), output.stream, {
    skipInvalid: false,
    ...options,
    deidentifier,
  });
  return { result, text: output.text(), deidentifier };
}

function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('deidentifyStream with a Synthea Bundle', () => {
  const bundleText = fixtureText(bethanyBundle);

  it('leaves none of the original identifying values in the output', async () => {
    const { text } = await run([bundleText], { format: 'bundle' });
    const values = identifyingValues(JSON.parse(bundleText));

    expect(values.size).toBeGreaterThan(100);
    const leaked = valuesIn(text, values);
    expect(leaked).toEqual([]);
  });

  it('finds the expected identifying values in the input', () => {
    const values = identifyingValues(JSON.parse(bundleText));
    for (const value of ['Hauck', 'Bethany', '999-55-5927', '622 Gerhold Orchard Unit 89', 'Boston', '555-551-9745', '1924-12-30']) {
      expect(values).toContain(value);
    }
  });

  it('removes the birth date of a patient over 89', async () => {
    const { text } = await run([bundleText], { format: 'bundle' });
    const patient = (JSON.parse(text) as { entry: { resource: Record<string, unknown> }[] }).entry[0]!.resource;

    expect(patient['resourceType']).toBe('Patient');
    expect(patient['birthDate']).toBeUndefined();
    expect(valuesIn(text, ['1924'])).toEqual([]);
  });

  it('keeps references resolving within the output', async () => {
    const { text } = await run([bundleText], { format: 'bundle' });
    const output = JSON.parse(text) as { entry: { fullUrl: string; resource: Record<string, unknown> }[] };
    const patientEntry = output.entry.find((entry) => entry.resource['resourceType'] === 'Patient')!;
    const fullUrls = new Set(output.entry.map((entry) => entry.fullUrl));

    const encounters = output.entry.filter((entry) => entry.resource['resourceType'] === 'Encounter');
    expect(encounters.length).toBe(14);
    for (const encounter of encounters) {
      expect(encounter.resource['subject']).toEqual({ reference: patientEntry.fullUrl });
    }

    const references = [...text.matchAll(/"reference":"([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(100);
    for (const reference of references) {
      // A `#id` reference points at a resource contained in the same resource.
      if (!reference.startsWith('#')) expect(fullUrls).toContain(reference);
    }
  });

  it('writes valid JSON with every entry', async () => {
    const { text, result } = await run([bundleText], { format: 'bundle' });
    const output = JSON.parse(text) as { resourceType: string; type: string; entry: unknown[] };

    expect(output.resourceType).toBe('Bundle');
    expect(output.type).toBe('transaction');
    expect(output.entry.length).toBe(172);
    expect(result.resources).toBe(172);
  });

  it('splits a small Bundle at every byte', async () => {
    const small = Buffer.from(
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { fullUrl: 'urn:uuid:0b5e9c6c-1c1e-4a43-9e7c-1f0d3c9a0001', resource: { resourceType: 'Patient', id: 'p1', gender: 'female', name: [{ family: 'Zoë "Z" \\ {' }] } },
          { resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ code: 'é' }] }, subject: { reference: 'urn:uuid:0b5e9c6c-1c1e-4a43-9e7c-1f0d3c9a0001' }, valueQuantity: { value: 1.50 } } },
        ],
      }).replace('1.5}', '1.50}'),
    );
    const pseudonyms = new Pseudonymizer();
    const whole = await run([small], { format: 'bundle', deidentifier: newDeidentifier(pseudonyms) });
    expect(whole.text).toContain('"value":1.50');
    expect(whole.text).toContain('"code":"é"');

    for (let offset = 0; offset <= small.length; offset += 1) {
      const split = await run([small.subarray(0, offset), small.subarray(offset)], {
        format: 'bundle',
        deidentifier: newDeidentifier(pseudonyms),
      });
      expect(split.text).toBe(whole.text);
    }
  });
});

describe('deidentifyStream with NDJSON', () => {
  const patients = fixtureText('Patient.000.ndjson');
  const immunizations = fixtureText('Immunization.000.ndjson');

  it('writes one de-identified resource per line', async () => {
    const { text, result } = await run([patients], { format: 'ndjson' });
    const output = lines(text);

    expect(output.length).toBe(patients.trim().split('\n').length);
    expect(result.resources).toBe(output.length);
    const leaked = valuesIn(text, identifyingValues(lines(patients)));
    expect(leaked).toEqual([]);
  });

  it('keeps references from other files linked to the patients', async () => {
    const deidentifier = newDeidentifier();
    const first = await run([patients], { format: 'ndjson', deidentifier });
    const second = await run([immunizations], { format: 'ndjson', deidentifier });
    const patientIds = new Set(lines(first.text).map((patient) => `Patient/${String(patient['id'])}`));

    for (const immunization of lines(second.text)) {
      expect(patientIds).toContain((immunization['patient'] as { reference: string }).reference);
    }
  });

  it('gives the same codes for the same input twice in one run', async () => {
    const deidentifier = newDeidentifier();
    const first = await run([patients], { format: 'ndjson', deidentifier });
    const second = await run([patients], { format: 'ndjson', deidentifier });
    expect(second.text).toBe(first.text);
  });

  it('gives new codes in a new run', async () => {
    const first = lines((await run([patients], { format: 'ndjson' })).text);
    const second = lines((await run([patients], { format: 'ndjson' })).text);
    expect(first.map((patient) => patient['id'])).not.toEqual(second.map((patient) => patient['id']));
    expect(new Set([...first, ...second].map((patient) => patient['id'])).size).toBe(first.length * 2);
  });

  it('gives the same codes again with a linkage store', async () => {
    const db = new Database(':memory:');
    const runWithStore = async () => {
      const pseudonyms = new Pseudonymizer({ store: new SqliteLinkageStore(db) });
      return (await run([patients], { format: 'ndjson', deidentifier: newDeidentifier(pseudonyms) })).text;
    };

    const first = await runWithStore();
    const second = await runWithStore();
    expect(second).toBe(first);

    const rows = db.prepare('SELECT namespace, original_id, code, created_at FROM hspec_linkage').all();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toEqual({
      namespace: 'Patient',
      original_id: expect.any(String),
      code: expect.stringMatching(/^[a-z2-7]{20}$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    db.close();
  });

  it('splits lines across chunks and accepts CRLF and blank lines', async () => {
    const text = '{"resourceType":"Patient","id":"a","gender":"male"}\r\n\n{"resourceType":"Patient","id":"b"}';
    const { text: output } = await run([...text], { format: 'ndjson' });
    const written = lines(output);
    expect(written.map((resource) => resource['gender'])).toEqual(['male', undefined]);
  });

  it.each([
    ['{"resourceType":"Patient"', 'the line is not valid JSON'],
    ['[1,2]', 'the line is not a JSON object'],
    ['{"id":"x"}', 'the line has no resourceType'],
    ['{"resourceType":"Patients"}', 'the line has a resourceType that is not an R4 resource type'],
  ])('rejects %s with its line number', async (line, reason) => {
    const input = `{"resourceType":"Patient"}\n${line}\n`;
    const failure = run([input], { format: 'ndjson' });

    await expect(failure).rejects.toBeInstanceOf(DeidInputError);
    await expect(failure).rejects.toMatchObject({ code: 'deid.invalid-input', line: 2, reason });
  });

  it('never quotes the input in its message', async () => {
    const failure = run(['{"resourceType":"Patient","name":"Hauck"'], { format: 'ndjson' });
    await expect(failure).rejects.toThrow('line 1: the line is not valid JSON');
    await expect(failure).rejects.not.toThrow(/Hauck/);
  });

  it('skips and counts invalid lines with skipInvalid', async () => {
    const input = 'not json\n{"resourceType":"Patient","id":"a"}\n{"resourceType":"Nope"}\n';
    const { result, text } = await run([input], { format: 'ndjson', skipInvalid: true });

    expect(lines(text).length).toBe(1);
    expect(result.invalidCount).toBe(2);
    expect(result.invalid.map((problem) => problem.line)).toEqual([1, 3]);
  });

  it('keeps memory flat on 50,000 lines', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const padding = 'x'.repeat(900);
    let lineCount = 0;
    async function* generate() {
      for (let block = 0; block < 500; block += 1) {
        let chunk = '';
        for (let index = 0; index < 100; index += 1) {
          chunk += `{"resourceType":"Observation","status":"final","code":{"text":"${padding}"},"valueQuantity":{"value":${index}.25}}\n`;
          lineCount += 1;
        }
        yield chunk;
      }
    }

    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        callback();
      },
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const deidentifier = newDeidentifier();
    await deidentifyStream(generate(), sink, {
      format: 'ndjson',
      deidentifier,
      skipInvalid: false,
      onProgress: ({ resources }) => {
        if (resources % 5000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      },
    });
    gc();
    const after = process.memoryUsage().heapUsed;

    // 50,000 lines of about 1 KB: some 50 MB of input, so a retained line would show.
    expect(lineCount).toBe(50_000);
    expect(written).toBeGreaterThan(50_000 * 60);
    expect(peak - before).toBeLessThan(8 * 1024 * 1024);
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
    expect(deidentifier.harbor.pseudonyms.size).toBe(0);
  });
});

describe('deidentifyStream with an invalid Bundle', () => {
  it('names the line and entry of an entry without a resource type', async () => {
    const input = '{"resourceType":"Bundle","type":"collection","entry":[\n{"resource":{"resourceType":"Patient"}},\n{"resource":{"id":"x"}}\n]}';
    const failure = run([input], { format: 'bundle' });

    await expect(failure).rejects.toMatchObject({
      code: 'deid.invalid-input',
      line: 3,
      entry: 1,
      reason: 'the entry resource has no resourceType',
    });
    await expect(failure).rejects.toThrow('line 3: entry 1: the entry resource has no resourceType');
  });

  it('skips an invalid entry with skipInvalid', async () => {
    const input = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Nope"}},{"resource":{"resourceType":"Patient"}}]}';
    const { text, result } = await run([input], { format: 'bundle', skipInvalid: true });

    expect(JSON.parse(text)).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient' } }],
    });
    expect(result.invalid).toEqual([
      { line: 1, entry: 0, reason: 'the entry resource has a resourceType that is not an R4 resource type' },
    ]);
  });

  it('rejects a document that is not a Bundle', async () => {
    await expect(run(['{"resourceType":"Patient"}'], { format: 'bundle' })).rejects.toMatchObject({
      code: 'deid.invalid-input',
      line: 1,
    });
  });
});
