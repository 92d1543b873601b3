/**
 * Why a record breaks the chain:
 * - `modified`: its stored values no longer match its hash, or it no longer links to the
 *   record before it;
 * - `deleted`: records are missing before it;
 * - `inserted`: it was added between two records, or repeats a sequence number;
 * - `reordered`: records are out of their sequence order;
 * - `truncated`: the log ends before a signed checkpoint, or was cut back and written again;
 * - `bad-checkpoint`: a checkpoint's signature is invalid or names another audit key.
 */
export type AuditChainProblem =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'bad-checkpoint';

/** The first record at which the chain breaks. */
export interface BrokenAuditRecord {
  /** Sequence number of the first broken record (of the checkpoint, for `bad-checkpoint`). */
  readonly sequence: number;
  readonly problem: AuditChainProblem;
  /** Description of the break, naming sequence numbers and never record contents. */
  readonly message: string;
}

/** The result of verifying an audit log. */
export interface AuditVerification {
  /** True when every record is intact and linked, and every checkpoint is valid and matched. */
  readonly ok: boolean;
  /** Records read; when the chain is broken, those read until the break was found. */
  readonly records: number;
  /** Checkpoints stored beside the log. */
  readonly checkpoints: number;
  /** The first break, when `ok` is false. */
  readonly firstBroken?: BrokenAuditRecord;
}
