import { once } from 'node:events';
import type { Writable } from 'node:stream';

import { isResourceType } from '../fhir/r4-elements.js';
import { BundleJsonScanner, type BundleScanEvent } from './bundle-json-scanner.js';
import { DeidInputError, type DeidInputProblem } from './deid-input-error.js';
import type { FhirDeidentifier } from './fhir-deidentifier.js';
import { parseFhirText, stringifyFhirText, type ParsedFhirText } from './fhir-text.js';
import { isRecord } from './identifier-kinds.js';

/** Options of deidentifyStream. */
export interface DeidStreamOptions {
  /** `ndjson`: one resource per line. `bundle`: one Bundle JSON document. */
  readonly format: 'ndjson' | 'bundle';
  readonly deidentifier: FhirDeidentifier;
  /** Leave invalid lines or entries out and report them, instead of raising DeidInputError. */
  readonly skipInvalid: boolean;
  /** Called after each resource with the totals so far. */
  readonly onProgress?: (done: DeidProgress) => void;
}

/** How far a stream has got. */
export interface DeidProgress {
  readonly resources: number;
  /** Bytes of input read, counting each string chunk by its UTF-8 length. */
  readonly bytes: number;
}

/** Counts of a finished stream, besides its output. */
export interface DeidStreamResult {
  /** Resources written: NDJSON lines, or Bundle entries with a resource. */
  readonly resources: number;
  /** Lines or entries left out with `skipInvalid`. */
  readonly invalidCount: number;
  /** The first 100 of them, so that memory stays bounded on a bad input. */
  readonly invalid: readonly DeidInputProblem[];
}

const keptProblems = 100;
/** Output is written in pieces of about this many UTF-16 code units. */
const flushSize = 64 * 1024;

/**
 * De-identifies FHIR NDJSON or a FHIR Bundle from a stream into another, holding one line or
 * one Bundle entry at a time, so memory does not grow with the input (the pseudonym map aside).
 * NDJSON is written line by line; a Bundle is written as compact JSON, entry by entry.
 *
 * A line or entry that is not JSON, or not a resource with a known R4 `resourceType`, raises
 * DeidInputError (with its line, and for a Bundle its entry index) unless `skipInvalid` is set.
 * Output written before the error stays written; write to a temporary file and discard it on
 * failure, as `hspec deid` does.
 *
 * @example
 * const result = await deidentifyStream(createReadStream('Patient.ndjson'), createWriteStream('out.ndjson'), {
 *   format: 'ndjson',
 *   deidentifier,
 *   skipInvalid: false,
 * });
 */
export async function deidentifyStream(
  input: AsyncIterable<string | Uint8Array>,
  output: Writable,
  options: DeidStreamOptions,
): Promise<DeidStreamResult> {
  const run = new StreamRun(output, options);
  if (options.format === 'ndjson') await run.ndjson(input);
  else await run.bundle(input);
  await run.flush();
  return run.result();
}

class StreamRun {
  readonly #output: Writable;
  readonly #options: DeidStreamOptions;
  #pending: string[] = [];
  #pendingSize = 0;
  #resources = 0;
  #bytes = 0;
  #invalidCount = 0;
  readonly #invalid: DeidInputProblem[] = [];

  constructor(output: Writable, options: DeidStreamOptions) {
    this.#output = output;
    this.#options = options;
  }

  async ndjson(input: AsyncIterable<string | Uint8Array>): Promise<void> {
    let partial: string[] = [];
    let line = 0;

    for await (const text of this.#decoded(input)) {
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        line += 1;
        const piece = text.slice(start, end);
        this.#ndjsonLine(partial.length === 0 ? piece : [...partial, piece].join(''), line);
        partial = [];
        start = end + 1;
        // Lines are handled synchronously, and output waits for the stream only when a piece is
        // ready, so that no line pays for a turn of the event loop.
        if (this.#pendingSize >= flushSize) await this.flush();
      }
      if (start < text.length) partial.push(text.slice(start));
    }

    if (partial.length > 0) this.#ndjsonLine(partial.join(''), line + 1);
  }

  async bundle(input: AsyncIterable<string | Uint8Array>): Promise<void> {
    const scanner = new BundleJsonScanner();
    const state = { members: 0, entries: 0, resourceType: undefined as unknown };

    for await (const text of this.#decoded(input)) {
      for (const event of scanner.push(text)) await this.#bundleEvent(event, state);
    }
    scanner.end();

    if (state.resourceType !== 'Bundle') {
      const reason = 'the document is not a Bundle (resourceType "Bundle" is missing)';
      throw new DeidInputError({ line: 1, entry: undefined, reason });
    }
    this.#write(state.members === 0 ? '{}\n' : '}\n');
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;

    const text = this.#pending.join('');
    this.#pending = [];
    this.#pendingSize = 0;
    if (!this.#output.write(text)) await once(this.#output, 'drain');
  }

  result(): DeidStreamResult {
    return { resources: this.#resources, invalidCount: this.#invalidCount, invalid: this.#invalid };
  }

  async *#decoded(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    let first = true;
    for await (const chunk of input) {
      let text: string;
      if (typeof chunk === 'string') {
        text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
        this.#bytes += Buffer.byteLength(chunk);
      } else {
        text = decoder.decode(chunk, { stream: true });
        this.#bytes += chunk.byteLength;
      }
      first = false;
      if (text.length > 0) yield text;
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  }

  #ndjsonLine(raw: string, line: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;

    const parsed = this.#parse(text, line, undefined);
    if (parsed === undefined) return;
    const resource = this.#checkResource(parsed.value, line, undefined, 'the line');
    if (resource === undefined) return;

    const output = this.#options.deidentifier.resource(resource);
    this.#write(`${stringifyFhirText(output, parsed.exact)}\n`);
    this.#resourceDone();
  }

  async #bundleEvent(
    event: BundleScanEvent,
    state: { members: number; entries: number; resourceType: unknown },
  ): Promise<void> {
    const deidentifier = this.#options.deidentifier;
    switch (event.kind) {
      case 'member': {
        const parsed = this.#parse(event.text, event.line, undefined, true)!;
        if (event.name === 'resourceType') {
          if (parsed.value !== 'Bundle') this.#fail({ line: event.line, entry: undefined, reason: 'resourceType must be "Bundle" with the bundle format' });
          state.resourceType = parsed.value;
        }
        const value = deidentifier.bundleMember(event.name, parsed.value);
        if (value === undefined) return;
        this.#write(`${state.members === 0 ? '{' : ','}${JSON.stringify(event.name)}:${stringifyFhirText(value, parsed.exact)}`);
        state.members += 1;
        return;
      }
      case 'entries-start':
        this.#write(`${state.members === 0 ? '{' : ','}"entry":[`);
        state.members += 1;
        state.entries = 0;
        return;
      case 'entry':
        await this.#bundleEntry(event.text, event.line, event.index, state);
        return;
      case 'entries-end':
        this.#write(']');
        return;
    }
  }

  async #bundleEntry(
    text: string,
    line: number,
    index: number,
    state: { entries: number },
  ): Promise<void> {
    const parsed = this.#parse(text, line, index);
    if (parsed === undefined) return;
    if (!isRecord(parsed.value)) {
      this.#problem({ line, entry: index, reason: 'the entry is not a JSON object' });
      return;
    }
    const resource = parsed.value['resource'];
    if (resource !== undefined && this.#checkResource(resource, line, index, 'the entry resource') === undefined) {
      return;
    }

    const entry = this.#options.deidentifier.bundleEntry(parsed.value);
    if (entry === undefined) return;
    this.#write(`${state.entries === 0 ? '' : ','}${stringifyFhirText(entry, parsed.exact)}`);
    state.entries += 1;
    if (resource !== undefined) this.#resourceDone();
    if (this.#pendingSize >= flushSize) await this.flush();
  }

  /** Parses JSON text, or reports it as invalid; `strict` raises even with skipInvalid. */
  #parse(text: string, line: number, entry: number | undefined, strict = false): ParsedFhirText | undefined {
    try {
      return parseFhirText(text);
    } catch {
      // The parser's message may quote the text, which can hold PHI, so it is not passed on.
      let subject = 'the entry';
      if (entry === undefined) subject = strict ? 'the Bundle member' : 'the line';
      const problem = { line, entry, reason: `${subject} is not valid JSON` };
      if (strict) this.#fail(problem);
      this.#problem(problem);
      return undefined;
    }
  }

  #checkResource(value: unknown, line: number, entry: number | undefined, what: string): Record<string, unknown> | undefined {
    if (!isRecord(value)) {
      this.#problem({ line, entry, reason: `${what} is not a JSON object` });
      return undefined;
    }
    const type = value['resourceType'];
    if (typeof type !== 'string') {
      this.#problem({ line, entry, reason: `${what} has no resourceType` });
      return undefined;
    }
    if (!isResourceType(type)) {
      this.#problem({ line, entry, reason: `${what} has a resourceType that is not an R4 resource type` });
      return undefined;
    }
    return value;
  }

  #problem(problem: DeidInputProblem): void {
    if (!this.#options.skipInvalid) this.#fail(problem);
    this.#invalidCount += 1;
    if (this.#invalid.length < keptProblems) this.#invalid.push(problem);
  }

  #fail(problem: DeidInputProblem): never {
    throw new DeidInputError(problem);
  }

  #resourceDone(): void {
    this.#resources += 1;
    this.#options.onProgress?.({ resources: this.#resources, bytes: this.#bytes });
  }

  #write(text: string): void {
    this.#pending.push(text);
    this.#pendingSize += text.length;
  }
}
