import { randomUUID } from 'node:crypto';

import {
  assertKeyUnused,
  FieldCipher,
  FileKeyProvider,
  HspecRuntimeError,
  KeyInUseError,
  Keyring,
  KeyRetirementError,
  readKeyringFile,
  reencryptTable,
  ReencryptError,
  retireKey,
  SqliteAuditLog,
  type AuditEntry,
  type ReencryptProgress,
} from '@hspec/runtime';

import { CliError, ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';
import { openReencryptSetup, type ReencryptSetup } from './reencrypt-setup.js';

/** Outcome of `hspec keys reencrypt` for one table. */
interface TableResult {
  readonly table: string;
  readonly rows: number;
  readonly batches: number;
  readonly remaining: number;
}

/**
 * Re-encrypts every encrypted column of every model under the active key of the keyring, table
 * by table in batches, and prints progress per batch and a summary. Ctrl-C stops after the
 * current batch; running again resumes. Exits 1 when rows under older keys remain.
 */
export async function runReencrypt(
  project: string,
  writer: Writer,
  options: {
    readonly keyring: string | undefined;
    readonly sqlite: string;
    readonly batchSize: string | undefined;
  },
): Promise<number> {
  const batchSize = parseBatchSize(options.batchSize);
  const setup = await openReencryptSetup(project, options, writer);
  if (setup === undefined) {
    writer.document({ ok: false });
    return ExitCode.failure;
  }

  const controller = new AbortController();
  const interrupt = () => {
    writer.problem('interrupted: stopping after the current batch');
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    const keyring = await loadKeyring(setup.keyringPath);
    return await reencryptAll(setup, keyring, writer, { batchSize, signal: controller.signal });
  } finally {
    process.removeListener('SIGINT', interrupt);
    setup.db.close();
  }
}

async function reencryptAll(
  setup: ReencryptSetup,
  keyring: Keyring,
  writer: Writer,
  options: { readonly batchSize: number; readonly signal: AbortSignal },
): Promise<number> {
  const cipher = new FieldCipher(keyring);
  const activeKeyId = keyring.activeKeyId;
  const audit = openAuditLog(setup, keyring);
  const requestId = randomUUID();
  const results: TableResult[] = [];
  if (audit === undefined) {
    writer.problem('no hspec_audit_log table in the database: batches are not audited');
  }

  for (const target of setup.targets) {
    if (options.signal.aborted) {
      break;
    }
    try {
      const result = await reencryptTable(setup.db, target, cipher, {
        ...options,
        audit,
        requestId,
        onBatch: (progress) => writer.line(describeBatch(progress)),
      });
      if (result.batches > 0) {
        audit?.checkpoint();
      }
      const tableResult = { table: target.table, ...result };
      results.push(tableResult);
      writer.line(describeTable(tableResult));
    } catch (error) {
      if (!(error instanceof ReencryptError)) throw toCliError(error, target.table);
      writer.document({ ok: false, activeKeyId, tables: results, error: errorDocument(error) });
      writer.problem(`${writer.paintErr('red', 'error')} ${error.message}`);
      writer.problem('batches committed before this one stay re-encrypted; fix the row and run again');
      return ExitCode.failure;
    }
  }

  const interrupted = options.signal.aborted;
  const allTables = results.length === setup.targets.length;
  const audited = audit !== undefined;
  return summarize(results, { activeKeyId, interrupted, allTables, audited }, writer);
}

function summarize(
  results: readonly TableResult[],
  run: {
    readonly activeKeyId: string;
    readonly interrupted: boolean;
    readonly allTables: boolean;
    readonly audited: boolean;
  },
  writer: Writer,
): number {
  const { activeKeyId, interrupted, audited } = run;
  const rows = sum(results.map((result) => result.rows));
  const batches = sum(results.map((result) => result.batches));
  const remaining = sum(results.map((result) => result.remaining));
  // A Ctrl-C during the last batch of the last table still leaves a complete run.
  const complete = run.allTables && remaining === 0;

  writer.document({
    ok: complete,
    activeKeyId,
    interrupted,
    audited,
    rows,
    batches,
    remaining,
    tables: results,
  });
  const batchCount = `${batches} ${plural(batches, 'batch', 'batches')}`;
  const done = `re-encrypted ${rows} ${plural(rows, 'row')} in ${batchCount}`;
  if (complete) {
    writer.line(`${writer.paint('green', 'done')}: ${done}; every envelope now names ${activeKeyId}`);
    return ExitCode.ok;
  }

  const reason = interrupted ? 'interrupted' : 'incomplete';
  writer.problem(
    `${reason}: ${done}; rows still under older keys remain, so run \`hspec keys reencrypt\` again to resume`,
  );
  if (!interrupted) {
    writer.problem('a process with an older keyring may still be writing; restart it before the next run');
  }
  return ExitCode.failure;
}

/**
 * Removes a key from the keyring after checking every encrypted column of the database: exits
 * 1, listing the tables and row counts, while any row still uses the key.
 */
export async function runRetire(
  keyId: string,
  project: string,
  writer: Writer,
  options: { readonly keyring: string | undefined; readonly sqlite: string },
): Promise<number> {
  const setup = await openReencryptSetup(project, options, writer);
  if (setup === undefined) {
    writer.document({ ok: false });
    return ExitCode.failure;
  }

  try {
    await checkRetirable(setup.keyringPath, keyId);
    assertKeyUnused(setup.db, setup.targets, keyId);
    const keyring = await loadKeyring(setup.keyringPath);
    const audit = openAuditLog(setup, keyring);
    const retirement = await retireKey(setup.keyringPath, keyId);
    audit?.appendSync(retirementEntry(keyId, retirement.activeKeyId));

    writer.document({ ok: true, keyring: setup.shownKeyring, ...retirement });
    writer.line(
      `${writer.paint('green', 'retired')} ${keyId} from ${setup.shownKeyring}; ` +
        `no row in ${setup.targets.length} ${plural(setup.targets.length, 'table')} uses it`,
    );
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof KeyInUseError)) throw toCliError(error);
    writer.document({ ok: false, keyId, tables: error.tables });
    for (const usage of error.tables) {
      writer.problem(`${usage.table}: ${usage.rows} ${plural(usage.rows, 'row')} still use ${keyId}`);
    }
    writer.problem(
      `${writer.paintErr('red', 'error')} key ${keyId} is still in use; run \`hspec keys reencrypt\` first`,
    );
    return ExitCode.failure;
  } finally {
    setup.db.close();
  }
}

/**
 * Rejects the active key and unknown ids before the database is scanned, so that the message
 * names the real problem. `retireKey` checks again under the keyring lock.
 */
async function checkRetirable(keyringPath: string, keyId: string): Promise<void> {
  const keyring = await readKeyringFile(keyringPath);
  if (keyId === keyring.activeKeyId) {
    throw new KeyRetirementError({ source: keyringPath, keyId, problem: 'active-key' });
  }
  if (!keyring.keys.some((key) => key.id === keyId)) {
    throw new KeyRetirementError({ source: keyringPath, keyId, problem: 'unknown-key' });
  }
}

async function loadKeyring(path: string): Promise<Keyring> {
  try {
    return await Keyring.load(new FileKeyProvider(path));
  } catch (error) {
    throw toCliError(error);
  }
}

/**
 * Opens the database's `hspec_audit_log` on the same connection, so that each batch commits
 * together with its audit record, or returns undefined when the database has no audit log.
 * Throws when the keyring has no audit key, because the log cannot sign checkpoints without it.
 */
function openAuditLog(setup: ReencryptSetup, keyring: Keyring): SqliteAuditLog | undefined {
  const found = setup.db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hspec_audit_log'")
    .get();
  if (found === undefined) {
    return undefined;
  }

  try {
    const log = new SqliteAuditLog(setup.db, { keyring });
    log.ensureSchema();
    return log;
  } catch (error) {
    throw toCliError(error);
  }
}

/** Builds the audit entry of a key retirement: key ids only. */
function retirementEntry(keyId: string, activeKeyId: string): AuditEntry {
  return {
    event: 'keys.retire',
    action: 'key-rotation',
    outcome: 'success',
    userId: null,
    role: null,
    model: null,
    recordIds: [],
    fields: [],
    purposeOfUse: null,
    reason: null,
    emergency: false,
    changedFields: null,
    alert: false,
    detail: `retired=${keyId} active=${activeKeyId}`,
    requestId: randomUUID(),
  };
}

function parseBatchSize(text: string | undefined): number {
  if (text === undefined) {
    return 500;
  }
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new CliError(`--batch-size must be a positive integer, got "${text}"`, ExitCode.usage);
  }
  return value;
}

function describeBatch(progress: ReencryptProgress): string {
  const rows = `${progress.batchRows} ${plural(progress.batchRows, 'row')}`;
  return (
    `${progress.table}: batch ${progress.batch}, ${rows} ` +
    `from ${progress.previousKeyIds.join(', ')} (${progress.rows} so far)`
  );
}

function describeTable(result: TableResult): string {
  if (result.rows === 0 && result.remaining === 0) {
    return `${result.table}: no rows under older keys`;
  }
  return (
    `${result.table}: ${result.rows} ${plural(result.rows, 'row')} re-encrypted in ` +
    `${result.batches} ${plural(result.batches, 'batch', 'batches')}, ${result.remaining} remaining`
  );
}

function errorDocument(error: ReencryptError): Record<string, unknown> {
  return {
    code: error.code,
    table: error.table,
    column: error.column,
    primaryKey: error.primaryKey,
    message: error.message,
  };
}

/**
 * Turns runtime errors and SQLite errors (`SQLITE_BUSY` and the like, which are not bugs in
 * hspec) into a CliError that exits 1; other errors stay internal errors.
 */
function toCliError(error: unknown, table?: string): unknown {
  if (error instanceof HspecRuntimeError) {
    return new CliError(error.message, ExitCode.failure);
  }
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const where = table === undefined ? '' : `${table}: `;
    return new CliError(`${where}database error ${code}: ${(error as Error).message}`, ExitCode.failure);
  }
  return error;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}
