import { randomBytes } from 'node:crypto';
import { createReadStream, type WriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

import { fhirDeidOverrides } from '@hspec/generators';
import {
  DeidInputError,
  deidentifyStream,
  FhirDeidentifier,
  Pseudonymizer,
  SafeHarbor,
  SqliteLinkageStore,
  type DeidInputProblem,
  type DeidSummary,
  type LinkageDatabase,
} from '@hspec/runtime';

import { CliError, ExitCode } from '../output/exit-code.js';
import type { CliStreams, Writer } from '../output/writer.js';
import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import { loadSpec } from './load-spec.js';

/** Options of `hspec deid`, as commander parses them. */
export interface DeidOptions {
  readonly in: readonly string[];
  readonly out: string | undefined;
  readonly format: string | undefined;
  readonly skipInvalid: boolean;
  readonly asOf: string | undefined;
  readonly linkage: string | undefined;
}

type Format = 'ndjson' | 'bundle';

/** An input as the command reads and names it. */
interface Input {
  /** Absolute path, or undefined for stdin. */
  readonly path: string | undefined;
  /** The name printed in messages: relative to the working folder, or `<stdin>`. */
  readonly name: string;
}

/** The parts of a better-sqlite3 `Database` that the linkage store uses. */
interface LinkageConnection extends LinkageDatabase {
  exec(sql: string): unknown;
  close(): unknown;
}

/** An invalid line or entry that `--skip-invalid` left out, with the input it came from. */
interface SkippedInput extends DeidInputProblem {
  readonly file: string;
}

/** Inputs that `--skip-invalid` left out: the count, and the first problems of each input. */
interface Skipped {
  count: number;
  readonly problems: SkippedInput[];
}

const progressInterval = 250;
const shownProblems = 20;

/**
 * De-identifies FHIR R4 NDJSON or a Bundle by Safe Harbor (45 CFR 164.514(b)(2)), with the
 * spec's FHIR mappings and restricted ZIP3 list. Reads `--in` files (or stdin) and writes
 * `--out` (or stdout). `--out` is written to a temporary file beside it and renamed only when
 * every input was de-identified, so a failed run leaves no partial output.
 *
 * Exit codes: 0 done, 1 invalid input or spec, 2 usage, 70 internal error.
 */
export async function runDeid(
  project: string,
  writer: Writer,
  streams: CliStreams,
  options: DeidOptions,
): Promise<number> {
  const inputs = inputsOf(options.in);
  const format = formatOf(options.format, inputs);
  const asOf = asOfDate(options.asOf);
  if (format === 'bundle' && inputs.length > 1) {
    throw new CliError('--format bundle reads one Bundle; pass a single --in', ExitCode.usage);
  }
  await checkInputs(inputs);

  const ir = await loadSpec(project, writer);
  if (ir === undefined) return ExitCode.failure;

  const linkage = options.linkage === undefined ? undefined : await openLinkage(options.linkage);
  let committed = false;
  try {
    const pseudonyms = new Pseudonymizer({
      store: linkage === undefined ? undefined : new SqliteLinkageStore(linkage),
    });
    const harbor = new SafeHarbor({
      restrictedZip3: ir.deidentification.restrictedZip3.prefixes,
      asOf,
      pseudonyms,
    });
    const deidentifier = new FhirDeidentifier({ harbor, overrides: fhirDeidOverrides(ir) });

    const skipped = await writeOutput(options.out, streams, (output) =>
      deidentifyInputs(inputs, output, format, deidentifier, options.skipInvalid, streams),
    );
    linkage?.exec('COMMIT');
    committed = true;
    report(writer, streams, deidentifier.summary(), skipped, options.out);
    return ExitCode.ok;
  } finally {
    // The codes of a failed run are not kept, because its output was removed.
    if (linkage !== undefined && !committed) linkage.exec('ROLLBACK');
    linkage?.close();
  }
}

function inputsOf(paths: readonly string[]): Input[] {
  if (paths.length === 0) return [{ path: undefined, name: '<stdin>' }];
  return paths.map((path) => {
    const absolute = resolve(path);
    return { path: absolute, name: relative(process.cwd(), absolute) || absolute };
  });
}

function formatOf(text: string | undefined, inputs: readonly Input[]): Format {
  if (text === 'ndjson' || text === 'bundle') return text;
  if (text !== undefined) {
    throw new CliError(`--format must be ndjson or bundle, not "${text}"`, ExitCode.usage);
  }
  const first = inputs[0]?.path;
  return first !== undefined && extname(first).toLowerCase() === '.json' ? 'bundle' : 'ndjson';
}

function asOfDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;

  const date = new Date(`${text}T00:00:00Z`);
  // Date rolls 2025-02-30 over into March, so a date that does not print back as given is invalid.
  const valid =
    /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 10) === text;
  if (!valid) {
    throw new CliError('--as-of needs a date such as 2025-01-31 (YYYY-MM-DD)', ExitCode.usage);
  }
  return date;
}

async function checkInputs(inputs: readonly Input[]): Promise<void> {
  for (const input of inputs) {
    if (input.path === undefined) continue;
    const stats = await stat(input.path).catch(() => undefined);
    if (stats === undefined || !stats.isFile()) {
      throw new CliError(`input not found: ${input.name} is not a file`, ExitCode.failure);
    }
  }
}

/**
 * Opens the linkage database with better-sqlite3, which the CLI loads only for `--linkage`, and
 * starts the run's transaction.
 */
async function openLinkage(path: string): Promise<LinkageConnection> {
  type Constructor = new (path: string) => LinkageConnection;
  const Database = (await loadBetterSqlite3('--linkage')) as unknown as Constructor;

  const target = resolve(path);
  const stats = await stat(target).catch(() => undefined);
  if (stats?.isDirectory() === true) {
    throw new CliError(`cannot use --linkage ${path}: it is a folder, not a file`, ExitCode.failure);
  }
  if (stats === undefined) {
    // The store maps pseudonyms back to the original ids, so only its owner may read it.
    try {
      await (await open(target, 'wx', 0o600)).close();
    } catch (error) {
      const cause = missingFolderText(error, dirname(path)) ?? systemCode(error);
      throw new CliError(`cannot create --linkage ${path}: ${cause}`, ExitCode.failure);
    }
  }

  let db: LinkageConnection | undefined;
  try {
    db = new Database(target);
    db.exec('BEGIN IMMEDIATE');
    return db;
  } catch (error) {
    db?.close();
    const cause = error instanceof Error && /not a database/i.test(error.message)
      ? 'it is not a SQLite database'
      : systemCode(error);
    throw new CliError(`cannot open --linkage ${path}: ${cause}`, ExitCode.failure);
  }
}

/** Describes a failed file creation whose folder is missing or is a file, else undefined. */
function missingFolderText(error: unknown, folder: string): string | undefined {
  if (!isSystemError(error)) return undefined;
  if (error.code === 'ENOENT') return `the folder ${folder} does not exist`;
  if (error.code === 'ENOTDIR') return `${folder} is not a folder`;
  return undefined;
}

/** Returns the error code of a failed system or SQLite call, such as ENOENT or SQLITE_BUSY. */
function systemCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'failed';
}

/**
 * Runs `write` against stdout, or against a temporary file beside `out` that replaces `out`
 * only when `write` succeeds and is removed when it fails.
 */
async function writeOutput<T>(
  out: string | undefined,
  streams: CliStreams,
  write: (output: Writable) => Promise<T>,
): Promise<T> {
  if (out === undefined) return await write(streams.out);

  const target = resolve(out);
  const suffix = randomBytes(6).toString('hex');
  const temporary = join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
  let file: WriteStream | undefined;
  try {
    // Opening first turns a missing folder into an error here instead of an unhandled stream event.
    const handle = await open(temporary, 'wx', 0o600);
    file = handle.createWriteStream();
    const result = await write(file);
    file.end();
    await finished(file);
    await rename(temporary, target);
    return result;
  } catch (error) {
    file?.destroy();
    await unlink(temporary).catch(() => undefined);
    if (isSystemError(error)) {
      const folder = dirname(out);
      const cause = missingFolderText(error, folder) ?? error.code ?? 'failed';
      throw new CliError(`cannot write ${out}: ${cause}`, ExitCode.failure);
    }
    throw error;
  }
}

async function deidentifyInputs(
  inputs: readonly Input[],
  output: Writable,
  format: Format,
  deidentifier: FhirDeidentifier,
  skipInvalid: boolean,
  streams: CliStreams,
): Promise<Skipped> {
  const skipped: Skipped = { count: 0, problems: [] };
  const progress = progressLine(streams);
  let resourcesBefore = 0;
  let bytesBefore = 0;

  try {
    for (const input of inputs) {
      const source = input.path === undefined ? process.stdin : createReadStream(input.path);
      let done = { resources: 0, bytes: 0 };
      try {
        const result = await deidentifyStream(source, output, {
          format,
          deidentifier,
          skipInvalid,
          onProgress: (current) => {
            done = current;
            progress?.(resourcesBefore + current.resources, bytesBefore + current.bytes);
          },
        });
        skipped.count += result.invalidCount;
        for (const problem of result.invalid) skipped.problems.push({ ...problem, file: input.name });
      } catch (error) {
        if (error instanceof DeidInputError) {
          const where = `${input.name}:${error.line}`;
          const hint = formatHint(format, error);
          throw new CliError(
            `${where}: ${entryText(error.entry)}${error.reason}${hint}`,
            ExitCode.failure,
          );
        }
        throw error;
      } finally {
        if (input.path !== undefined) source.destroy();
      }
      resourcesBefore += done.resources;
      bytesBefore += done.bytes;
    }
  } finally {
    progress?.(undefined, undefined);
  }
  return skipped;
}

/** Returns a progress printer for stderr on a terminal, or undefined elsewhere. */
function progressLine(
  streams: CliStreams,
): ((resources: number | undefined, bytes: number | undefined) => void) | undefined {
  if (streams.err.isTTY !== true) return undefined;

  let last = 0;
  let shown = false;
  return (resources, bytes) => {
    if (resources === undefined || bytes === undefined) {
      if (shown) streams.err.write('\r\u001b[K');
      return;
    }
    const now = Date.now();
    if (now - last < progressInterval) return;
    last = now;
    shown = true;
    const megabytes = (bytes / (1024 * 1024)).toFixed(1);
    streams.err.write(`\r\u001b[Kde-identifying: ${resources} resources, ${megabytes} MB read`);
  };
}

function report(
  writer: Writer,
  streams: CliStreams,
  summary: DeidSummary,
  skipped: Skipped,
  out: string | undefined,
): void {
  if (writer.json) {
    const document = {
      ok: true,
      output: out ?? null,
      resources: summary.resources,
      elements: summary.elements,
      invalidCount: skipped.count,
      invalid: skipped.problems.map(({ file, line, entry, reason }) => ({
        file,
        line,
        entry: entry ?? null,
        reason,
      })),
    };
    // The de-identified data owns stdout when there is no --out, so the summary goes to stderr.
    const target = out === undefined ? streams.err : streams.out;
    target.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }

  const total = Object.values(summary.resources).reduce((sum, count) => sum + count, 0);
  const noun = total === 1 ? 'resource' : 'resources';
  const into = out === undefined ? '' : ` into ${out}`;
  writer.problem(`${writer.paintErr('green', 'de-identified')} ${total} ${noun}${into}`);
  writer.problem(`  resources: ${countsText(summary.resources)}`);
  writer.problem(`  elements changed: ${countsText(summary.elements)}`);
  if (skipped.count === 0) return;

  const what = skipped.count === 1 ? 'line or entry' : 'lines or entries';
  writer.problem(writer.paintErr('yellow', `skipped ${skipped.count} invalid ${what}:`));
  const shown = skipped.problems.slice(0, shownProblems);
  for (const problem of shown) {
    writer.problem(`  ${problem.file}:${problem.line}: ${entryText(problem.entry)}${problem.reason}`);
  }
  if (skipped.count > shown.length) writer.problem(`  ... and ${skipped.count - shown.length} more`);
}

function countsText(counts: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(counts).map(([name, count]) => `${name} ${count ?? 0}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Suggests the other format when the first line or the top level shows the input is of it. */
function formatHint(format: Format, error: DeidInputError): string {
  if (format === 'ndjson' && error.line === 1 && /not valid JSON/.test(error.reason)) {
    return '; a pretty-printed Bundle needs --format bundle';
  }
  if (format === 'bundle' && error.entry === undefined && /Bundle/.test(error.reason)) {
    return '; for one resource per line pass --format ndjson';
  }
  return '';
}

function entryText(entry: number | undefined): string {
  return entry === undefined ? '' : `entry ${entry}: `;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && 'syscall' in error;
}
