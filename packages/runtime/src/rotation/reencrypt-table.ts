import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditEntry } from '../audit/audit-entry.js';
import { envelopeLayout } from '../crypto/envelope-layout.js';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { activeKeyIdOf } from './active-key-id-of.js';
import { checkReencryptTarget } from './check-reencrypt-target.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { ReencryptAuditSink } from './reencrypt-audit-sink.js';
import { reencryptRow, type RowUpdate } from './reencrypt-row.js';
import type { ReencryptTarget } from './reencrypt-target.js';
import type { RotationDatabase, RotationStatement } from './rotation-database.js';
import { staleEnvelopeCondition, type SqlCondition } from './stale-envelope-condition.js';

const defaultBatchSize = 500;

/** Options of `reencryptTable`. */
export interface ReencryptOptions {
  /** Rows per batch (default 500). Each batch is one transaction. */
  readonly batchSize?: number | undefined;
  /** Receives one `key-rotation` entry per batch, inside the batch's transaction. */
  readonly audit?: ReencryptAuditSink | undefined;
  /** Signal that stops the run before its next batch. Committed batches stay. */
  readonly signal?: AbortSignal | undefined;
  /** Callback that receives the progress after each batch commits. */
  readonly onBatch?: ((progress: ReencryptProgress) => void) | undefined;
  /** Correlation id for the audit entries of this run, or a random UUID when omitted. */
  readonly requestId?: string | undefined;
}

/** Progress after one committed batch. */
export interface ReencryptProgress {
  readonly table: string;
  /** Number of the batch, from 1. */
  readonly batch: number;
  /** Rows that the batch re-encrypted. */
  readonly batchRows: number;
  /** Rows re-encrypted so far in this run. */
  readonly rows: number;
  /** Sorted ids of the keys that the batch's old envelopes named. */
  readonly previousKeyIds: readonly string[];
  /** The key that every re-encrypted envelope now names. */
  readonly activeKeyId: string;
}

/** Outcome of a `reencryptTable` run. */
export interface ReencryptResult {
  /** Rows re-encrypted. */
  readonly rows: number;
  /** Batches committed. */
  readonly batches: number;
  /**
   * Rows that still contain a value not under the active key when the run ends. It is 0 after a
   * full run, and more after an abort or when another process wrote with an older keyring.
   */
  readonly remaining: number;
}

interface Run {
  readonly db: RotationDatabase;
  readonly target: ReencryptTarget;
  readonly cipher: FieldCipher;
  readonly activeKeyId: string;
  readonly activePrefix: string;
  readonly condition: SqlCondition;
  readonly batchSize: number;
  readonly audit: ReencryptAuditSink | undefined;
  readonly requestId: string;
  /** Prepared statements by SQL text, so each is compiled once per run. */
  readonly statements: Map<string, RotationStatement>;
}

interface BatchResult {
  readonly rows: number;
  readonly lastPrimaryKey: unknown;
  readonly previousKeyIds: readonly string[];
}

/**
 * Moves the encrypted columns of a table to the active key of `cipher`, so that older keys can
 * be retired. It finds the rows in which any encrypted column contains an envelope under another
 * key, in primary key order, `batchSize` rows at a time. Each batch is one transaction. It
 * reads the rows, decrypts each old value with its own table, column and primary key, and
 * encrypts it again under the active key with the same context. Then it updates only the changed
 * columns and, with `audit`, records one `key-rotation` entry (table, row count, key ids and
 * primary keys, never values).
 *
 * An abort, an error or a crash loses at most the open batch, whose transaction rolls back, so
 * every row is either wholly on its old envelopes or wholly re-encrypted. Running it again
 * resumes with the rows still under old keys. A value that fails to decrypt raises
 * ReencryptError and rolls back its batch. Blind-index columns are unchanged, because the
 * blind-index key is not rotated. Call it outside any open transaction, because each batch
 * begins its own.
 *
 * @example
 * ```ts
 * const cipher = new FieldCipher(await Keyring.load(new FileKeyProvider('.hspec/keyring.json')));
 * const result = await reencryptTable(db, reencryptTargetOf(patientTable), cipher, {
 *   batchSize: 1000,
 *   onBatch: (progress) => logger.info('re-encrypted', progress),
 * });
 * result.remaining; // 0
 * ```
 */
export async function reencryptTable(
  db: RotationDatabase,
  target: ReencryptTarget,
  cipher: FieldCipher,
  options: ReencryptOptions = {},
): Promise<ReencryptResult> {
  checkReencryptTarget(target);
  const batchSize = options.batchSize ?? defaultBatchSize;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  if (target.columns.length === 0) {
    return { rows: 0, batches: 0, remaining: 0 };
  }

  const activeKeyId = activeKeyIdOf(cipher);
  const run: Run = {
    db,
    target,
    cipher,
    activeKeyId,
    activePrefix: `${envelopeLayout.prefix}${activeKeyId}:`,
    condition: staleEnvelopeCondition(
      target.columns.map((column) => column.column),
      activeKeyId,
    ),
    batchSize,
    audit: options.audit,
    requestId: options.requestId ?? randomUUID(),
    statements: new Map(),
  };

  let rows = 0;
  let batches = 0;
  let after: { readonly primaryKey: unknown } | undefined;
  while (options.signal?.aborted !== true) {
    const batch = await runBatch(run, after);
    if (batch === undefined) {
      break;
    }

    rows += batch.rows;
    batches += 1;
    after = { primaryKey: batch.lastPrimaryKey };
    options.onBatch?.({
      table: target.table,
      batch: batches,
      batchRows: batch.rows,
      rows,
      previousKeyIds: batch.previousKeyIds,
      activeKeyId,
    });
    // Lets timers and signal handlers run between batches, so an abort takes effect here.
    await nextTurn();
  }

  return { rows, batches, remaining: countRemaining(run) };
}

/** Re-encrypts the next batch after the cursor in one transaction; undefined means none is left. */
async function runBatch(
  run: Run,
  after: { readonly primaryKey: unknown } | undefined,
): Promise<BatchResult | undefined> {
  // IMMEDIATE takes the write lock before the rows are read, so no other connection can change
  // a row between the read and the update.
  run.db.exec('BEGIN IMMEDIATE');
  try {
    const selected = selectBatch(run, after);
    if (selected.length === 0) {
      run.db.exec('COMMIT');
      return undefined;
    }

    const updates = selected.map((row) =>
      reencryptRow(row, run.target, run.cipher, run.activePrefix),
    );
    for (const update of updates) {
      writeUpdate(run, update);
    }
    const previousKeyIds = [...new Set(updates.flatMap((update) => [...update.previousKeyIds]))];
    previousKeyIds.sort();
    await recordBatch(run, updates, previousKeyIds);

    run.db.exec('COMMIT');
    const last = updates[updates.length - 1];
    return { rows: updates.length, lastPrimaryKey: last?.primaryKeyValue, previousKeyIds };
  } catch (error) {
    rollBack(run.db, error);
    throw error;
  }
}

function selectBatch(
  run: Run,
  after: { readonly primaryKey: unknown } | undefined,
): Record<string, unknown>[] {
  const primaryKey = quoteIdentifier(run.target.primaryKey.column);
  const columns = [primaryKey, ...run.target.columns.map((entry) => quoteIdentifier(entry.column))];
  const cursor = after === undefined ? '' : ` AND ${primaryKey} > ?`;
  const sql =
    `SELECT ${columns.join(', ')} FROM ${quoteIdentifier(run.target.table)} ` +
    `WHERE ${run.condition.sql}${cursor} ORDER BY ${primaryKey} LIMIT ?`;

  const parameters = [...run.condition.parameters];
  if (after !== undefined) {
    parameters.push(after.primaryKey);
  }
  parameters.push(run.batchSize);
  return statement(run, sql).all(...parameters) as Record<string, unknown>[];
}

function writeUpdate(run: Run, update: RowUpdate): void {
  const columns = [...update.envelopes.keys()];
  const assignments = columns.map((column) => `${quoteIdentifier(column)} = ?`);
  const sql =
    `UPDATE ${quoteIdentifier(run.target.table)} SET ${assignments.join(', ')} ` +
    `WHERE ${quoteIdentifier(run.target.primaryKey.column)} = ?`;
  statement(run, sql).run(...update.envelopes.values(), update.primaryKeyValue);
}

function statement(run: Run, sql: string): RotationStatement {
  let prepared = run.statements.get(sql);
  if (prepared === undefined) {
    prepared = run.db.prepare(sql);
    run.statements.set(sql, prepared);
  }
  return prepared;
}

async function recordBatch(
  run: Run,
  updates: readonly RowUpdate[],
  previousKeyIds: readonly string[],
): Promise<void> {
  if (run.audit === undefined) {
    return;
  }

  const columns = new Set(updates.flatMap((update) => [...update.envelopes.keys()]));
  const changed = [...columns].sort();
  const entry: AuditEntry = {
    event: 'keys.reencrypt',
    action: 'key-rotation',
    outcome: 'success',
    userId: null,
    role: null,
    model: run.target.model ?? null,
    recordIds: updates.map((update) => update.primaryKey),
    fields: changed,
    purposeOfUse: null,
    reason: null,
    emergency: false,
    changedFields: changed,
    alert: false,
    detail:
      `table=${run.target.table} rows=${updates.length} ` +
      `from=${previousKeyIds.join(',')} to=${run.activeKeyId}`,
    requestId: run.requestId,
  };

  if ('appendSync' in run.audit) {
    run.audit.appendSync(entry);
  } else {
    await run.audit.append(entry);
  }
}

function countRemaining(run: Run): number {
  const table = quoteIdentifier(run.target.table);
  const sql = `SELECT COUNT(*) AS "count" FROM ${table} WHERE ${run.condition.sql}`;
  const [row] = run.db.prepare(sql).all(...run.condition.parameters) as { count: number }[];
  return Number(row?.count ?? 0);
}

/** Rolls back the open transaction, unless SQLite already rolled it back after the error. */
function rollBack(db: RotationDatabase, cause: unknown): void {
  if (!db.inTransaction) {
    return;
  }
  try {
    db.exec('ROLLBACK');
  } catch (rollbackError) {
    throw new AggregateError([cause, rollbackError], 'a batch failed and its rollback failed too');
  }
}
