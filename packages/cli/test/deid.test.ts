import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

import { valuesIn } from '../../runtime/test/deid/identifying-values.mjs';
import { copyExampleSpec, hspec, hspecBin, repoRoot } from './support.js';

const fixtures = join(repoRoot, 'packages/runtime/test/fixtures/fhir-deid');
const bundleName = 'Bethany_Hauck_36ab2c13-d59e-4f1f-913c-9260ef647da8.json';

/** Copies the example spec and the FHIR fixtures into a new temp project folder. */
async function project(): Promise<string> {
  const root = await copyExampleSpec();
  await mkdir(join(root, 'data'));
  for (const name of [bundleName, 'Patient.000.ndjson', 'Immunization.000.ndjson']) {
    await cp(join(fixtures, name), join(root, 'data', name));
  }
  return root;
}

function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const asOf = ['--as-of', '2025-06-15'];

describe('hspec deid', () => {
  it('de-identifies a Synthea Bundle into --out', async () => {
    const root = await project();
    const result = await hspec(['deid', '--in', `data/${bundleName}`, '--out', 'out.json', ...asOf], root);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('de-identified 173 resources into out.json');
    expect(result.stderr).toMatch(/resources: Bundle 1, CarePlan 1, Claim 15, .*Patient 1/);
    expect(result.stderr).toMatch(/elements changed: .*date \d+, .*name \d+/);

    const output = await readFile(join(root, 'out.json'), 'utf8');
    const bundle = JSON.parse(output) as { entry: { resource: Record<string, unknown> }[] };
    expect(bundle.entry.length).toBe(172);
    const originals = ['Hauck', 'Bethany', '999-55-5927', '555-551-9745', '622 Gerhold Orchard', '1924-12-30', '02108'];
    expect(valuesIn(output, originals)).toEqual([]);
    const patient = bundle.entry[0]!.resource;
    expect(patient['birthDate']).toBeUndefined();
    // The example spec maps Patient.state to a plain field, so the state stays; ZIP3 as always.
    expect(patient['address']).toEqual([{ state: 'Massachusetts', postalCode: '021', country: 'US' }]);
  });

  it('reads NDJSON from several inputs with one set of codes', async () => {
    const root = await project();
    const result = await hspec(
      ['deid', '--in', 'data/Patient.000.ndjson', '--in', 'data/Patient.000.ndjson', '--in', 'data/Immunization.000.ndjson', '--out', 'out.ndjson', ...asOf],
      root,
    );
    expect(result.exitCode).toBe(0);

    const output = ndjson(await readFile(join(root, 'out.ndjson'), 'utf8'));
    const patients = output.filter((resource) => resource['resourceType'] === 'Patient');
    const half = patients.length / 2;
    expect(patients.slice(0, half)).toEqual(patients.slice(half));

    const patientReferences = new Set(patients.map((patient) => `Patient/${String(patient['id'])}`));
    const immunizations = output.filter((resource) => resource['resourceType'] === 'Immunization');
    expect(immunizations.length).toBeGreaterThan(0);
    for (const immunization of immunizations) {
      expect(patientReferences).toContain((immunization['patient'] as { reference: string }).reference);
    }
  });

  it('draws new codes in each run unless --linkage keeps them', async () => {
    const root = await project();
    const ids = async (extra: readonly string[]) => {
      const result = await hspec(['deid', '--in', 'data/Patient.000.ndjson', ...asOf, ...extra], root);
      expect(result.exitCode).toBe(0);
      return ndjson(result.stdout).map((patient) => patient['id']);
    };

    expect(await ids([])).not.toEqual(await ids([]));

    const linked = await ids(['--linkage', 'linkage.sqlite']);
    expect(await ids(['--linkage', 'linkage.sqlite'])).toEqual(linked);

    const db = new Database(join(root, 'linkage.sqlite'), { readonly: true });
    const count = db.prepare('SELECT count(*) AS count FROM hspec_linkage').get() as { count: number };
    db.close();
    expect(count.count).toBe(linked.length);
  });

  it('stops at an invalid line and leaves no output file', async () => {
    const root = await project();
    const lines = (await readFile(join(root, 'data/Patient.000.ndjson'), 'utf8')).split('\n');
    lines.splice(2, 0, '{"resourceType":"Patient","name":[{"family":"Secretname"}]');
    await writeFile(join(root, 'data/broken.ndjson'), lines.join('\n'));

    const result = await hspec(['deid', '--in', 'data/broken.ndjson', '--out', 'out.ndjson', ...asOf], root);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('data/broken.ndjson:3: the line is not valid JSON');
    expect(result.stderr).not.toContain('Secretname');
    expect(await readdir(root)).not.toContain('out.ndjson');
    expect((await readdir(root)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names the entry of an invalid Bundle entry', async () => {
    const root = await project();
    const bundle = JSON.parse(await readFile(join(root, 'data', bundleName), 'utf8')) as { entry: { resource: Record<string, unknown> }[] };
    bundle.entry[5]!.resource['resourceType'] = 'Encounters';
    await writeFile(join(root, 'data/broken.json'), JSON.stringify(bundle, null, 1));

    const result = await hspec(['deid', '--in', 'data/broken.json', '--out', 'out.json', ...asOf], root);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/data\/broken\.json:\d+: entry 5: the entry resource has a resourceType that is not an R4 resource type/);
    expect(await readdir(root)).not.toContain('out.json');
  });

  it('skips invalid lines with --skip-invalid and lists them', async () => {
    const root = await project();
    await writeFile(join(root, 'data/mixed.ndjson'), '{"resourceType":"Patient","id":"a"}\nnot json\n{"resourceType":"Nope"}\n');

    const result = await hspec(['deid', '--in', 'data/mixed.ndjson', '--skip-invalid', '--json', '--out', 'out.ndjson', ...asOf], root);

    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      ok: true,
      resources: { Patient: 1 },
      elements: { id: 1 },
      invalidCount: 2,
      invalid: [
        { file: 'data/mixed.ndjson', line: 2, entry: null, reason: 'the line is not valid JSON' },
        { file: 'data/mixed.ndjson', line: 3, entry: null, reason: 'the line has a resourceType that is not an R4 resource type' },
      ],
    });
    expect(ndjson(await readFile(join(root, 'out.ndjson'), 'utf8')).length).toBe(1);
  });

  it('reads stdin and writes stdout, with the JSON summary on stderr', async () => {
    const root = await project();
    const input = '{"resourceType":"Patient","id":"a","birthDate":"1936-06-15","address":[{"postalCode":"03601"}]}\n';
    const result = await execa(process.execPath, [hspecBin, 'deid', '--json', ...asOf], {
      cwd: root,
      input,
      reject: false,
      env: { NO_COLOR: '1' },
    });

    expect(result.exitCode).toBe(0);
    const [patient] = ndjson(result.stdout);
    expect(patient).toMatchObject({ resourceType: 'Patient', birthDate: '1936', address: [{ postalCode: '000' }] });
    expect(JSON.parse(result.stderr)).toMatchObject({ ok: true, output: null, resources: { Patient: 1 } });
  });

  it('applies the birth-year rule on the --as-of date', async () => {
    const root = await project();
    const input = '{"resourceType":"Patient","birthDate":"1936-06-15"}\n';
    const run = (date: string) =>
      execa(process.execPath, [hspecBin, 'deid', '--as-of', date], { cwd: root, input, reject: false });

    expect(ndjson((await run('2026-06-14')).stdout)[0]!['birthDate']).toBe('1936');
    expect(ndjson((await run('2026-06-15')).stdout)[0]!['birthDate']).toBeUndefined();
  });

  it.each([
    [['--as-of', '15/06/2025'], '--as-of needs a date such as 2025-01-31'],
    [['--format', 'csv'], "argument 'csv' is invalid"],
    [['--in', 'a.json', '--in', 'b.json', '--format', 'bundle'], '--format bundle reads one Bundle'],
  ])('rejects %j as a usage error', async (args, message) => {
    const root = await project();
    const result = await hspec(['deid', ...args], root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('fails on a missing input file', async () => {
    const root = await project();
    const result = await hspec(['deid', '--in', 'data/none.ndjson'], root);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('input not found: data/none.ndjson is not a file');
  });

  it.each([
    ['a missing folder', 'missing/out.ndjson', 'cannot write missing/out.ndjson: the folder missing does not exist'],
    ['a file as its folder', 'data/Patient.000.ndjson/out.ndjson', 'data/Patient.000.ndjson is not a folder'],
  ])('reports --out in %s without a stack trace', async (_, out, message) => {
    const root = await project();
    const result = await hspec(['deid', '--in', 'data/Patient.000.ndjson', '--out', out], root);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a folder', 'data', 'cannot use --linkage data: it is a folder, not a file'],
    ['a missing folder', 'missing/link.sqlite', 'the folder missing does not exist'],
    ['a file that is not SQLite', 'data/Patient.000.ndjson', 'it is not a SQLite database'],
  ])('reports --linkage on %s as a user error', async (_, linkage, message) => {
    const root = await project();
    const result = await hspec(
      ['deid', '--in', 'data/Patient.000.ndjson', '--out', 'out.ndjson', '--linkage', linkage],
      root,
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(message);
    expect(await readdir(root)).not.toContain('out.ndjson');
  });

  it('creates the linkage store readable by its owner only', async () => {
    const root = await project();
    const result = await hspec(
      ['deid', '--in', 'data/Patient.000.ndjson', '--out', 'out.ndjson', '--linkage', 'link.sqlite'],
      root,
    );

    expect(result.exitCode).toBe(0);
    const { mode } = await stat(join(root, 'link.sqlite'));
    expect(mode & 0o777).toBe(0o600);
  });

  it.each(['2025-02-29', '2025-02-31', '2025-13-01', '25-01-01'])(
    'rejects --as-of %s',
    async (date) => {
      const root = await project();
      const result = await hspec(['deid', '--in', 'data/Patient.000.ndjson', '--as-of', date], root);

      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('--as-of needs a date such as 2025-01-31');
    },
  );

  it('suggests --format bundle for a pretty-printed Bundle read as NDJSON', async () => {
    const root = await project();
    const result = await hspec(['deid', '--format', 'ndjson', '--in', `data/${bundleName}`], root);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('a pretty-printed Bundle needs --format bundle');
  });

  it('suggests --format ndjson for a resource read as a Bundle', async () => {
    const root = await project();
    const patient = (await readFile(join(root, 'data/Patient.000.ndjson'), 'utf8')).split('\n')[0]!;
    await writeFile(join(root, 'patient.json'), patient);
    const result = await hspec(['deid', '--in', 'patient.json'], root);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('for one resource per line pass --format ndjson');
  });
});
