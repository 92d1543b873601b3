import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditRecord } from './audit-record.js';

/** A pruning that `pruneAuditLog` passes to a sink after it has checked the retention. */
export interface AuditPruneRequest {
  /** Remove only records recorded before this time (ISO 8601 UTC with milliseconds). */
  readonly cut: string;
  /** User id of the operator, for the `audit-prune` record. */
  readonly userId: string | null;
  readonly role: string | null;
  readonly requestId: string | null;
}

/** The outcome of a pruning: the anchor and what was removed. */
export interface AuditPruneResult {
  /**
   * The checkpoint that the log now starts after, or undefined when no checkpoint is old
   * enough and nothing was removed.
   */
  readonly anchor: AuditCheckpoint | undefined;
  readonly removedRecords: number;
  readonly removedCheckpoints: number;
  /** The `audit-prune` record appended to the log, or undefined when nothing was removed. */
  readonly record: AuditRecord | undefined;
}

/** A log that can cut its oldest records at a checkpoint. */
export interface PrunableAuditLog {
  /**
   * Removes the records up to the newest checkpoint that is at or before `request.cut` and
   * covers only records older than it, keeps that checkpoint as the anchor, and appends an
   * `audit-prune` record. Throws AuditPruneError, removing nothing, when the log does not verify.
   */
  pruneBefore(request: AuditPruneRequest): AuditPruneResult | Promise<AuditPruneResult>;
}
