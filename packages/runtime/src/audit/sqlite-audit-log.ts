import type { Keyring } from '../keys/keyring.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';
import type { AuditVerification } from './audit-verification.js';
import {
  defaultCheckpointEvery,
  signAuditCheckpoint,
  type AuditCheckpoint,
} from './audit-checkpoint.js';
import type { AuditDatabase, AuditStatement } from './audit-database.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditLogError } from './audit-log-error.js';
import { AuditPruneError } from './audit-prune-error.js';
import type {
  AuditPruneRequest,
  AuditPruneResult,
  PrunableAuditLog,
} from './audit-prune-request.js';
import type { AuditRecord } from './audit-record.js';
import type { AuditAlertHook, AuditSink } from './audit-sink.js';
import { buildAuditRecord, formatRecordedAt, type AuditChainHead } from './build-audit-record.js';
import { buildPruneEntry } from './build-prune-entry.js';
import { genesisHash } from './canonical-encoding.js';
import { choosePruneAnchor } from './choose-prune-anchor.js';
import { decodeAuditRecord } from './decode-audit-record.js';
import { deliverAuditAlerts } from './deliver-audit-alerts.js';
import { verifySqliteChain } from './verify-sqlite-chain.js';
import { auditQueries } from './sqlite-audit-queries.js';
import {
  auditCheckpointTable,
  auditLogTable,
  auditSchemaSql,
  checkpointToRow,
  recordToRow,
  rowToCheckpoint,
  rowToStoredRecord,
} from './sqlite-audit-schema.js';

/** Options of a `SqliteAuditLog`. */
export interface SqliteAuditLogOptions {
  /** Keyring whose audit key signs checkpoints; it must have one. */
  readonly keyring: Keyring;
  /** Make a signed checkpoint after every this many records; defaults to 1000. */
  readonly checkpointEvery?: number;
  /** Clock for `recordedAt`; defaults to the system clock. */
  readonly now?: () => Date;
  /** Called after commit for each record whose `alert` is set. */
  readonly alert?: AuditAlertHook;
}

const recordsPageSize = 500;

/** A row of `sequence, hash`. */
type HeadRow = [number, string];

/**
 * A hash-chained audit log in two tables of a SQLite database (45 CFR 164.312(b)), written
 * through a better-sqlite3 connection that the application passes in.
 *
 * `appendSync` is meant to run inside the transaction that changes the data it describes, so
 * the record commits or rolls back with it. That transaction must be `IMMEDIATE`
 * (`db.transaction(fn).immediate()`): each append reads the last record and inserts the next one,
 * and a deferred transaction that read first may fail with SQLITE_BUSY when it starts to write.
 * Outside a transaction, `appendSync` starts an immediate one itself. Because the head is read
 * inside the writing transaction and `sequence` is the primary key, several connections or
 * processes appending to one database file never fork the chain or skip a number.
 *
 * Durability is SQLite's: use `PRAGMA synchronous = FULL` so that a committed record survives a
 * power loss. better-sqlite3 builds SQLite with FULL as the default outside WAL mode and NORMAL
 * in WAL mode, which can lose the last commits.
 *
 * @example
 * ```ts
 * const audit = new SqliteAuditLog(db, { keyring, alert: (record) => pager.notify(record.id) });
 * audit.ensureSchema();
 * db.transaction(() => {
 *   updatePatient(db, patient);
 *   audit.appendSync(entry);
 * }).immediate();
 * audit.flushAlerts();
 * ```
 */
export class SqliteAuditLog implements AuditSink, PrunableAuditLog {
  readonly #db: AuditDatabase;
  readonly #keyring: Keyring;
  readonly #checkpointEvery: number;
  readonly #now: () => Date;
  readonly #alert: AuditAlertHook | undefined;
  readonly #statements = new Map<string, AuditStatement>();
  #pendingAlerts: AuditRecord[] = [];

  constructor(db: AuditDatabase, options: SqliteAuditLogOptions) {
    const checkpointEvery = options.checkpointEvery ?? defaultCheckpointEvery;
    if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 1) {
      throw new RangeError('checkpointEvery must be a positive integer');
    }
    // Throws here, with a KeyringError that names the fix, when the keyring has no audit key.
    void options.keyring.auditKey;

    this.#db = db;
    this.#keyring = options.keyring;
    this.#checkpointEvery = checkpointEvery;
    this.#now = options.now ?? (() => new Date());
    this.#alert = options.alert;
  }

  /** Creates the record and checkpoint tables when they do not exist. */
  ensureSchema(): void {
    this.#db.exec(auditSchemaSql());
  }

  /**
   * Appends a record and returns it. Inside the caller's transaction the record commits with
   * it, and an alert waits for `flushAlerts` after the commit. Outside a transaction the append
   * runs in its own immediate transaction and alerts right after it commits. Throws
   * AuditEntryError for a malformed entry, leaving the caller's transaction to roll back.
   */
  appendSync(entry: AuditEntry): AuditRecord {
    if (this.#db.inTransaction) {
      const record = this.#appendInTransaction(entry);
      if (record.alert) {
        this.#pendingAlerts.push(record);
      }
      return record;
    }

    const record = this.#db.transaction(() => this.#appendInTransaction(entry)).immediate();
    deliverAuditAlerts(this.#alert, [record]);
    return record;
  }

  /**
   * Appends a record in its own immediate transaction; resolves after the commit. Rejects with
   * AuditLogError inside an open transaction, where the record could still roll back: use
   * `appendSync` there.
   */
  async append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.#db.inTransaction) {
      throw new AuditLogError(
        'audit.in-transaction',
        auditLogTable,
        'append was called inside an open transaction; call appendSync there, then flushAlerts after the commit',
      );
    }
    return this.appendSync(entry);
  }

  /**
   * Calls the alert hook for the alerting records that `appendSync` wrote inside transactions
   * that have since committed; records whose transaction rolled back are dropped. Call it after
   * each commit. Inside a transaction it does nothing, because nothing there is committed yet.
   */
  flushAlerts(): void {
    if (this.#db.inTransaction || this.#pendingAlerts.length === 0) {
      return;
    }

    const pending = this.#pendingAlerts;
    this.#pendingAlerts = [];
    const hashOf = this.#statement(auditQueries.hashAt, 'pluck');
    const committed = pending.filter((record) => hashOf.get(record.sequence) === record.hash);
    deliverAuditAlerts(this.#alert, committed);
  }

  /** Returns the last record's sequence and hash, or the anchor or genesis of an empty log. */
  head(): AuditChainHead {
    const last = this.#statement(auditQueries.lastRecord, 'raw').get() as HeadRow | undefined;
    if (last !== undefined) {
      return { sequence: last[0], hash: last[1] };
    }

    const anchor = this.#statement(auditQueries.lastCheckpoint, 'raw').get() as HeadRow | undefined;
    if (anchor !== undefined) {
      return { sequence: anchor[0], hash: anchor[1] };
    }
    return { sequence: 0, hash: genesisHash };
  }

  /**
   * Reads the records from `fromSequence` on, in sequence order, a page at a time. Throws
   * AuditLogError for a row that cannot be read as a record; `verify` reports such rows instead.
   */
  *records(fromSequence = 1): Generator<AuditRecord> {
    const page = this.#statement(auditQueries.recordsFrom, 'raw');
    let next = fromSequence;

    for (;;) {
      const rows = page.all(next, recordsPageSize) as unknown[][];
      for (const row of rows) {
        const record = decodeAuditRecord(rowToStoredRecord(row));
        if (record === undefined) {
          const message = `the row with sequence ${String(row[0])} is not a readable audit record; run \`hspec audit verify\``;
          throw new AuditLogError('audit.invalid-log', auditLogTable, message);
        }
        yield record;
        next = record.sequence + 1;
      }
      if (rows.length < recordsPageSize) {
        return;
      }
    }
  }

  /** Returns every stored checkpoint, in sequence order. */
  checkpoints(): AuditCheckpoint[] {
    const rows = this.#statement(auditQueries.checkpoints, 'raw').all() as unknown[][];
    return rows.map(rowToCheckpoint);
  }

  /**
   * Signs a checkpoint for the newest record now, as after a batch or on a timer, and returns
   * it. When the newest record already has one, returns that one; for an empty log, returns
   * undefined.
   */
  checkpoint(): AuditCheckpoint | undefined {
    return this.#inImmediateTransaction(() => {
      const last = this.#statement(auditQueries.lastRecord, 'raw').get() as HeadRow | undefined;
      if (last === undefined) {
        return undefined;
      }
      const checkpointAt = this.#statement(auditQueries.checkpointAt, 'raw');
      const existing = checkpointAt.get(last[0]) as unknown[] | undefined;
      if (existing !== undefined) {
        return rowToCheckpoint(existing);
      }
      return this.#insertCheckpoint({ sequence: last[0], hash: last[1] });
    });
  }

  /**
   * Verifies the whole log in one read transaction: every record's hash and link, and every
   * checkpoint's signature and hash. In rollback-journal mode the read blocks writers until it
   * ends; in WAL mode they go on.
   */
  verify(): AuditVerification {
    return this.#db.inTransaction
      ? this.#verifyInTransaction()
      : this.#db.transaction(() => this.#verifyInTransaction()).deferred();
  }

  /** Cuts the log at a checkpoint; see `pruneAuditLog`, which checks the retention first. */
  pruneBefore(request: AuditPruneRequest): AuditPruneResult {
    const result = this.#inImmediateTransaction(() => this.#pruneInTransaction(request));
    if (result.record !== undefined) {
      deliverAuditAlerts(this.#alert, [result.record]);
    }
    return result;
  }

  #appendInTransaction(entry: AuditEntry): AuditRecord {
    const recordedAt = formatRecordedAt(this.#now(), auditLogTable);
    const record = buildAuditRecord(entry, this.head(), recordedAt);
    this.#statement(auditQueries.insertRecord, 'run').run(...recordToRow(record));

    if (record.sequence % this.#checkpointEvery === 0) {
      this.#insertCheckpoint(record);
    }
    return record;
  }

  #insertCheckpoint(head: AuditChainHead): AuditCheckpoint {
    const recordedAt = formatRecordedAt(this.#now(), auditCheckpointTable);
    const checkpoint = signAuditCheckpoint(head, recordedAt, this.#keyring);
    this.#statement(auditQueries.insertCheckpoint, 'run').run(...checkpointToRow(checkpoint));
    return checkpoint;
  }

  #verifyInTransaction(): AuditVerification {
    const verifier = new AuditChainVerifier(this.checkpoints(), this.#keyring, {
      sortedBySequence: true,
    });
    verifySqliteChain(this.#db, verifier);
    return verifier.finish();
  }

  #pruneInTransaction(request: AuditPruneRequest): AuditPruneResult {
    const verification = this.#verifyInTransaction();
    if (!verification.ok && verification.firstBroken !== undefined) {
      const { sequence, problem } = verification.firstBroken;
      const message = `${auditLogTable}: the audit log is broken at record #${sequence} (${problem}); nothing was removed, so the evidence stays`;
      throw new AuditPruneError(message);
    }

    const firstNewerQuery = this.#statement(auditQueries.firstSequenceRecordedFrom, 'pluck');
    const firstNewer = firstNewerQuery.get(request.cut) as number | null;
    const first = this.#statement(auditQueries.firstSequence, 'pluck').get() as number | null;
    const anchor = choosePruneAnchor(
      this.checkpoints(),
      request.cut,
      firstNewer ?? undefined,
      first ?? undefined,
    );
    if (anchor === undefined) {
      return { anchor: undefined, removedRecords: 0, removedCheckpoints: 0, record: undefined };
    }

    const removedRecords = this.#countChanges(auditQueries.deleteRecordsThrough, anchor.sequence);
    const removedCheckpoints = this.#countChanges(
      auditQueries.deleteCheckpointsBefore,
      anchor.sequence,
    );
    const record = this.#appendInTransaction(buildPruneEntry(anchor, request));
    return { anchor, removedRecords, removedCheckpoints, record };
  }

  #countChanges(sql: string, parameter: number): number {
    const result = this.#statement(sql, 'run').run(parameter) as { changes?: unknown };
    return typeof result.changes === 'number' ? result.changes : 0;
  }

  #inImmediateTransaction<T>(run: () => T): T {
    return this.#db.inTransaction ? run() : this.#db.transaction(run).immediate();
  }

  /**
   * Prepares a statement once per log. `rows` sets how a query returns rows: as arrays of
   * values (`raw`) or as the first value only (`pluck`). Statements that change rows use `run`.
   */
  #statement(sql: string, rows: 'raw' | 'pluck' | 'run'): AuditStatement {
    const key = `${rows}:${sql}`;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      statement = this.#prepare(sql);
      if (rows === 'raw') {
        statement.raw(true);
      } else if (rows === 'pluck') {
        statement.pluck(true);
      }
      this.#statements.set(key, statement);
    }
    return statement;
  }

  #prepare(sql: string): AuditStatement {
    try {
      return this.#db.prepare(sql);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new AuditLogError(
        'audit.invalid-log',
        auditLogTable,
        `cannot prepare an audit statement (${detail}); call ensureSchema() first`,
      );
    }
  }
}
