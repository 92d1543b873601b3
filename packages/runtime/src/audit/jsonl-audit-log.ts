import { stat } from 'node:fs/promises';
import { hasErrorCode } from '../keys/describe-file-error.js';
import type { Keyring } from '../keys/keyring.js';
import { acquireLockFile } from './acquire-lock-file.js';
import { appendDurably } from './append-durably.js';
import {
  defaultCheckpointEvery,
  signAuditCheckpoint,
  type AuditCheckpoint,
} from './audit-checkpoint.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditEntryError } from './audit-entry-error.js';
import { AuditLogError } from './audit-log-error.js';
import type {
  AuditPruneRequest,
  AuditPruneResult,
  PrunableAuditLog,
} from './audit-prune-request.js';
import type { AuditRecord } from './audit-record.js';
import type { AuditAlertHook, AuditSink } from './audit-sink.js';
import type { AuditVerification } from './audit-verification.js';
import { AsyncMutex } from './async-mutex.js';
import { buildAuditRecord, formatRecordedAt, type AuditChainHead } from './build-audit-record.js';
import { encodeAuditRecordLine, genesisHash } from './canonical-encoding.js';
import { deliverAuditAlerts } from './deliver-audit-alerts.js';
import { findAuditEntryProblems } from './find-audit-entry-problems.js';
import {
  checkpointFilePath,
  formatCheckpointLine,
  readCheckpointFile,
} from './jsonl-checkpoint-file.js';
import { parseRecordLine } from './parse-record-line.js';
import { pruneJsonlFile } from './prune-jsonl-file.js';
import { readJsonlLines } from './read-jsonl-lines.js';
import { readLastLine } from './read-last-line.js';
import { tornRecordError } from './torn-record-error.js';
import { verifyJsonlFile } from './verify-jsonl-file.js';

/** Options of `JsonlAuditLog.open`. */
export interface JsonlAuditLogOptions {
  /** Keyring whose audit key signs checkpoints; it must have one. */
  readonly keyring: Keyring;
  /** Make a signed checkpoint after every this many records; defaults to 1000. */
  readonly checkpointEvery?: number;
  /** Clock for `recordedAt`; defaults to the system clock. */
  readonly now?: () => Date;
  /** Called after a record whose `alert` is set is on disk. */
  readonly alert?: AuditAlertHook;
  /** How long an append waits for another process's lock, in milliseconds; defaults to 10 s. */
  readonly lockTimeoutMs?: number;
}

/** The file's end as this process last read or wrote it, which spares reading it again. */
interface KnownEnd {
  readonly inode: number;
  readonly size: number;
  readonly head: AuditChainHead;
}

const defaultLockTimeoutMs = 10_000;

/**
 * A hash-chained audit log in a JSON Lines file (45 CFR 164.312(b)): one record per line in its
 * canonical encoding, hash included, and signed checkpoints in `<path>.checkpoints.jsonl`.
 *
 * Each `append` writes its line and flushes it with fsync before it resolves. Appends from one
 * process queue behind an in-process mutex. Appends from several processes take turns through
 * the lock file `<path>.lock`, and `acquireLockFile` describes when a leftover lock is removed.
 * Under the lock, the head is taken from the file's last line whenever another writer has
 * changed the file since this process last wrote it.
 *
 * A last line without its newline is what a crash during a write leaves. Opening such a log
 * throws AuditLogError (`audit.torn-record`) instead of chaining over it; see docs/audit.md
 * for how to repair it.
 *
 * @example
 * ```ts
 * const audit = await JsonlAuditLog.open('/var/log/hspec/audit.jsonl', { keyring });
 * await audit.append(entry);
 * ```
 */
export class JsonlAuditLog implements AuditSink, PrunableAuditLog {
  /** Path of the records file. */
  readonly path: string;
  /** Path of the checkpoint sidecar file. */
  readonly checkpointsPath: string;
  /** Path of the lock file that serializes writers across processes. */
  readonly lockPath: string;

  readonly #keyring: Keyring;
  readonly #checkpointEvery: number;
  readonly #now: () => Date;
  readonly #alert: AuditAlertHook | undefined;
  readonly #lockTimeoutMs: number;
  readonly #mutex = new AsyncMutex();
  #known: KnownEnd;
  #closed = false;

  private constructor(path: string, options: JsonlAuditLogOptions, known: KnownEnd) {
    this.path = path;
    this.checkpointsPath = checkpointFilePath(path);
    this.lockPath = `${path}.lock`;
    this.#keyring = options.keyring;
    this.#checkpointEvery = options.checkpointEvery ?? defaultCheckpointEvery;
    this.#now = options.now ?? (() => new Date());
    this.#alert = options.alert;
    this.#lockTimeoutMs = options.lockTimeoutMs ?? defaultLockTimeoutMs;
    this.#known = known;
  }

  /**
   * Opens a log, creating nothing until the first append, and recovers the head from the last
   * line. Throws AuditLogError when the log or its sidecar ends in an incomplete line, or when
   * the last line is not a readable record.
   */
  static async open(path: string, options: JsonlAuditLogOptions): Promise<JsonlAuditLog> {
    const checkpointEvery = options.checkpointEvery ?? defaultCheckpointEvery;
    if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 1) {
      throw new RangeError('checkpointEvery must be a positive integer');
    }
    // Throws here, with a KeyringError that names the fix, when the keyring has no audit key.
    void options.keyring.auditKey;

    const sidecar = await readLastLine(checkpointFilePath(path));
    if (sidecar.torn) {
      throw tornRecordError(checkpointFilePath(path), sidecar.size);
    }
    return new JsonlAuditLog(path, options, await readKnownEnd(path));
  }

  /**
   * Verifies a log file and its checkpoints without opening it for writing, so a torn or
   * damaged log can still be checked. Records are read in file order, one at a time.
   */
  static verifyFile(
    path: string,
    options: { readonly keyring: Keyring },
  ): Promise<AuditVerification> {
    return verifyJsonlFile(path, options.keyring);
  }

  /** Appends a record and resolves once its line is flushed to disk. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const problems = findAuditEntryProblems(entry);
    if (problems.length > 0) {
      return Promise.reject(new AuditEntryError(problems));
    }

    return this.#locked(async () => {
      const known = await this.#readHead();
      const recordedAt = formatRecordedAt(this.#now(), this.path);
      const record = buildAuditRecord(entry, known.head, recordedAt);
      const written = await appendDurably(this.path, `${encodeAuditRecordLine(record)}\n`);
      this.#known = { inode: written.inode, size: written.size, head: record };

      if (record.sequence % this.#checkpointEvery === 0) {
        await this.#writeCheckpoint(record);
      }
      return record;
    }).then((record) => {
      deliverAuditAlerts(this.#alert, [record]);
      return record;
    });
  }

  /**
   * Signs a checkpoint for the newest record now and returns it. When the newest record already
   * has one, returns that one; for an empty log, returns undefined.
   */
  checkpoint(): Promise<AuditCheckpoint | undefined> {
    return this.#locked(async () => {
      const known = await this.#readHead();
      if (known.size === 0) {
        return undefined;
      }
      return await this.#writeCheckpoint(known.head);
    });
  }

  /**
   * Reads the records from `fromSequence` on, in file order. Throws AuditLogError at a line
   * that is not a readable record; `verify` reports such lines instead.
   */
  async *records(fromSequence = 1): AsyncGenerator<AuditRecord> {
    for await (const line of readJsonlLines(this.path)) {
      const record = line.complete ? parseRecordLine(line.text) : undefined;
      if (record === undefined) {
        throw new AuditLogError(
          'audit.invalid-log',
          this.path,
          `line ${line.number} is not a readable audit record; run \`hspec audit verify\``,
        );
      }
      if (record.sequence >= fromSequence) {
        yield record;
      }
    }
  }

  /** Returns every checkpoint in the sidecar file, in file order. */
  async checkpoints(): Promise<AuditCheckpoint[]> {
    const contents = await readCheckpointFile(this.checkpointsPath);
    if (contents.unreadable !== undefined) {
      throw new AuditLogError(
        'audit.invalid-log',
        this.checkpointsPath,
        `line ${contents.unreadable.line} is not a readable checkpoint; run \`hspec audit verify\``,
      );
    }
    return [...contents.checkpoints];
  }

  /** Verifies the log and its checkpoints; see `verifyFile`. */
  verify(): Promise<AuditVerification> {
    return JsonlAuditLog.verifyFile(this.path, { keyring: this.#keyring });
  }

  /** Cuts the log at a checkpoint under the lock; `pruneAuditLog` checks the retention first. */
  async pruneBefore(request: AuditPruneRequest): Promise<AuditPruneResult> {
    const result = await this.#locked(async () => {
      const pruned = await pruneJsonlFile(this.path, request, {
        keyring: this.#keyring,
        recordedAt: () => formatRecordedAt(this.#now(), this.path),
      });
      this.#known = await readKnownEnd(this.path);
      return pruned;
    });
    if (result.record !== undefined) {
      deliverAuditAlerts(this.#alert, [result.record]);
    }
    return result;
  }

  /** Waits for queued appends to finish; later calls reject with AuditLogError. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#mutex.run(() => Promise.resolve());
  }

  /** Runs a task under the in-process mutex and the cross-process lock file. */
  #locked<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      const error = new AuditLogError('audit.closed', this.path, 'the audit log is closed');
      return Promise.reject(error);
    }
    return this.#mutex.run(async () => {
      const release = await acquireLockFile(this.lockPath, {
        timeoutMs: this.#lockTimeoutMs,
        source: this.path,
      });
      try {
        return await task();
      } finally {
        await release();
      }
    });
  }

  /** Returns the current head, reading the file's end again when another writer changed it. */
  async #readHead(): Promise<KnownEnd> {
    const current = await statOrUndefined(this.path);
    const known = this.#known;
    if (current !== undefined && current.ino === known.inode && current.size === known.size) {
      return known;
    }
    this.#known = await readKnownEnd(this.path);
    return this.#known;
  }

  /**
   * Signs and appends a checkpoint for `head`, unless the sidecar already has one for that
   * sequence: that one belongs to a log that was cut back and written again, and is kept as
   * the evidence that verification reports.
   */
  async #writeCheckpoint(head: AuditChainHead): Promise<AuditCheckpoint> {
    const { checkpoints } = await readCheckpointFile(this.checkpointsPath);
    const existing = checkpoints.find((checkpoint) => checkpoint.sequence === head.sequence);
    if (existing !== undefined) {
      return existing;
    }

    const recordedAt = formatRecordedAt(this.#now(), this.checkpointsPath);
    const checkpoint = signAuditCheckpoint(head, recordedAt, this.#keyring);
    await appendDurably(this.checkpointsPath, formatCheckpointLine(checkpoint));
    return checkpoint;
  }
}

/**
 * Reads the head from a log file's last line. An empty or missing file continues from its
 * newest checkpoint, which is the anchor of a log pruned to nothing, or from the genesis.
 */
async function readKnownEnd(path: string): Promise<KnownEnd> {
  const tail = await readLastLine(path);
  if (tail.torn) {
    throw tornRecordError(path, tail.size);
  }
  if (tail.lastLine === undefined) {
    return { inode: tail.inode, size: tail.size, head: await readAnchor(path) };
  }

  const record = parseRecordLine(tail.lastLine);
  if (record === undefined) {
    throw new AuditLogError(
      'audit.invalid-log',
      path,
      'the last line is not a readable audit record, so the chain cannot continue from it; run `hspec audit verify`',
    );
  }
  const head = { sequence: record.sequence, hash: record.hash };
  return { inode: tail.inode, size: tail.size, head };
}

async function readAnchor(path: string): Promise<AuditChainHead> {
  const { checkpoints } = await readCheckpointFile(checkpointFilePath(path));
  let anchor: AuditChainHead = { sequence: 0, hash: genesisHash };
  for (const checkpoint of checkpoints) {
    if (checkpoint.sequence > anchor.sequence) {
      anchor = { sequence: checkpoint.sequence, hash: checkpoint.hash };
    }
  }
  return anchor;
}

async function statOrUndefined(path: string): Promise<{ ino: number; size: number } | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
}
