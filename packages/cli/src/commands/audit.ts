import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, relative, resolve } from 'node:path';

import { loadProject } from '@hspec/generators';
import {
  EnvKeyProvider,
  FileKeyProvider,
  HspecRuntimeError,
  JsonlAuditLog,
  Keyring,
  pruneAuditLog,
  SqliteAuditLog,
  type AuditDatabase,
  type AuditPruneResult,
  type AuditVerification,
  type KeyProvider,
} from '@hspec/runtime';

import { CliError, ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';
import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import { loadSpec, resolveConfigPath } from './load-spec.js';

/** The audit log to work on, from `--sqlite` or `--jsonl`, and the keyring option. */
export interface AuditLogOptions {
  readonly sqlite: string | undefined;
  readonly jsonl: string | undefined;
  readonly keyring: string | undefined;
}

/** Options of `hspec audit prune`. */
export interface AuditPruneOptions extends AuditLogOptions {
  readonly before: string | undefined;
}

interface LogLocation {
  readonly kind: 'sqlite' | 'jsonl';
  readonly path: string;
  /** The path as printed: relative to the working folder. */
  readonly displayPath: string;
}

/** The parts of a better-sqlite3 `Database` that this command uses. */
interface SqliteConnection extends AuditDatabase {
  pragma(source: string): unknown;
  close(): unknown;
}

type SqliteConstructor = new (
  path: string,
  options: { readonly readonly: boolean; readonly fileMustExist: boolean },
) => SqliteConnection;

const defaultKeyringPath = '.hspec/keyring.json';
/** Six years of 366 days, as the spec's default retention `6y` counts them. */
const defaultRetentionDays = 6 * 366;
// Verification reads the whole table once; mapping the file saves a copy of every page. The
// connection is this command's own and read-only.
const verifyMmapBytes = 1 << 30;

/**
 * Verifies an audit log: every record's hash and link, and every checkpoint's signature. Prints
 * `ok: N records, M checkpoints` and exits 0, or names the first broken record and exits 1.
 */
export async function runAuditVerify(
  project: string,
  writer: Writer,
  options: AuditLogOptions,
): Promise<number> {
  const location = logLocation(options);
  const keyring = await loadKeyring(project, options.keyring);

  const result = await withRuntimeErrors(() => verifyLog(location, keyring));
  writer.document({ log: location.displayPath, ...result });
  if (result.ok) {
    writer.line(
      `${writer.paint('green', 'ok')}: ${result.records} ${plural(result.records, 'record')}, ` +
        `${result.checkpoints} ${plural(result.checkpoints, 'checkpoint')}`,
    );
    return ExitCode.ok;
  }

  const broken = result.firstBroken;
  writer.problem(
    `${writer.paintErr('red', 'broken')} at record #${broken?.sequence ?? '?'}: ` +
      `${broken?.problem ?? 'unknown'} (${broken?.message ?? 'no details'})`,
  );
  const read = `${result.records} records read, ${result.checkpoints} checkpoints`;
  writer.problem(`${location.displayPath}: ${read}`);
  return ExitCode.failure;
}

/**
 * Removes audit records older than the spec's `audit.retention`, cutting the log at a signed
 * checkpoint that stays as its anchor. Rejects a `--before` newer than the retention allows and
 * a log that does not verify.
 */
export async function runAuditPrune(
  project: string,
  writer: Writer,
  options: AuditPruneOptions,
): Promise<number> {
  const location = logLocation(options);
  const before = parseBefore(options.before);
  const ir = await loadSpec(project, writer);
  if (ir === undefined) return ExitCode.failure;

  const retentionDays = ir.audit?.retention.days ?? defaultRetentionDays;
  const keyring = await loadKeyring(project, options.keyring);
  const result = await withRuntimeErrors(() => pruneLog(location, keyring, before, retentionDays));

  writer.document({
    ok: true,
    log: location.displayPath,
    anchor: result.anchor?.sequence ?? null,
    removedRecords: result.removedRecords,
    removedCheckpoints: result.removedCheckpoints,
    pruneRecord: result.record?.sequence ?? null,
  });
  if (result.anchor === undefined) {
    writer.line(
      `nothing to prune: no checkpoint at or before ${before.toISOString()} covers only older records`,
    );
    return ExitCode.ok;
  }
  writer.line(
    `${writer.paint('green', 'pruned')} ${location.displayPath}: removed ${result.removedRecords} ` +
      `${plural(result.removedRecords, 'record')} and ${result.removedCheckpoints} ` +
      `${plural(result.removedCheckpoints, 'checkpoint')}; the log now starts after checkpoint ` +
      `#${result.anchor.sequence}, and record #${result.record?.sequence ?? '?'} records the pruning`,
  );
  return ExitCode.ok;
}

function logLocation(options: AuditLogOptions): LogLocation {
  if ((options.sqlite === undefined) === (options.jsonl === undefined)) {
    throw new CliError('pass exactly one of --sqlite <file> and --jsonl <file>', ExitCode.usage);
  }

  const kind = options.sqlite === undefined ? 'jsonl' : 'sqlite';
  const path = resolve(options.sqlite ?? options.jsonl ?? '');
  if (!isFile(path)) {
    throw new CliError(`audit log not found: ${path} is not a file`, ExitCode.failure);
  }
  return { kind, path, displayPath: relative(process.cwd(), path) || path };
}

function parseBefore(text: string | undefined): Date {
  const pattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?Z)?$/;
  const before = text === undefined ? new Date(Number.NaN) : new Date(text);
  if (text === undefined || !pattern.test(text) || Number.isNaN(before.getTime())) {
    throw new CliError(
      '--before needs a UTC date such as 2019-01-01 or 2019-01-01T00:00:00Z',
      ExitCode.usage,
    );
  }
  return before;
}

async function verifyLog(location: LogLocation, keyring: Keyring): Promise<AuditVerification> {
  if (location.kind === 'jsonl') {
    return await JsonlAuditLog.verifyFile(location.path, { keyring });
  }

  const db = await openSqlite(location.path, true);
  try {
    checkAuditTables(db, location);
    db.pragma(`mmap_size = ${verifyMmapBytes}`);
    return new SqliteAuditLog(db, { keyring }).verify();
  } finally {
    db.close();
  }
}

async function pruneLog(
  location: LogLocation,
  keyring: Keyring,
  before: Date,
  retentionDays: number,
): Promise<AuditPruneResult> {
  const options = { before, retentionDays, userId: operatorName(), role: null };
  if (location.kind === 'jsonl') {
    const log = await JsonlAuditLog.open(location.path, { keyring });
    try {
      return await pruneAuditLog(log, options);
    } finally {
      await log.close();
    }
  }

  const db = await openSqlite(location.path, false);
  try {
    checkAuditTables(db, location);
    db.pragma('busy_timeout = 10000');
    return await pruneAuditLog(new SqliteAuditLog(db, { keyring }), options);
  } finally {
    db.close();
  }
}

/** Raises a CliError when the database has no audit tables, as for the wrong file. */
function checkAuditTables(db: SqliteConnection, location: LogLocation): void {
  const tables = db
    .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)`)
    .pluck()
    .get('hspec_audit_log', 'hspec_audit_checkpoints');
  if (tables !== 2) {
    throw new CliError(
      `${location.displayPath} has no hspec_audit_log and hspec_audit_checkpoints tables; pass the database that the application writes its audit log to`,
      ExitCode.failure,
    );
  }
}

/**
 * Opens a SQLite file with better-sqlite3, which the CLI loads only for `--sqlite`, so that the
 * other commands work without it.
 */
async function openSqlite(path: string, readonly: boolean): Promise<SqliteConnection> {
  const Database = (await loadBetterSqlite3('--sqlite')) as unknown as SqliteConstructor;
  return new Database(path, { readonly, fileMustExist: true });
}

/**
 * Loads the keyring: `--keyring`, else the spec's `security.keys` (a file path, or the
 * HSPEC_KEYRING variable for `provider: env`), else .hspec/keyring.json beside hspec.yaml.
 */
async function loadKeyring(project: string, explicit: string | undefined): Promise<Keyring> {
  const provider = await keyProvider(project, explicit);
  return await withRuntimeErrors(() => Keyring.load(provider));
}

async function keyProvider(project: string, explicit: string | undefined): Promise<KeyProvider> {
  if (explicit !== undefined) return new FileKeyProvider(resolve(explicit));

  let configPath: string;
  try {
    configPath = resolveConfigPath(project);
  } catch (error) {
    if (error instanceof CliError) return new FileKeyProvider(resolve(project, defaultKeyringPath));
    throw error;
  }

  const result = await loadProject(configPath);
  const keys = result.ok ? result.ir.security?.keys : undefined;
  if (keys?.provider === 'env') return new EnvKeyProvider();
  return new FileKeyProvider(resolve(dirname(configPath), keys?.path ?? defaultKeyringPath));
}

async function withRuntimeErrors<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof HspecRuntimeError) throw new CliError(error.message, ExitCode.failure);
    throw error;
  }
}

/** Names the operator in the `audit-prune` record: the account that runs the command. */
function operatorName(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
