import { AuditPruneError } from './audit-prune-error.js';
import type { AuditPruneResult, PrunableAuditLog } from './audit-prune-request.js';
import { formatRecordedAt } from './build-audit-record.js';

/** Options of `pruneAuditLog`. */
export interface PruneAuditLogOptions {
  /** Remove only records recorded before this time. */
  readonly before: Date;
  /** The spec's audit retention in days; at least 2192, six years of 365.25 days. */
  readonly retentionDays: number;
  /** The current time, for the retention check; defaults to the system clock. */
  readonly now?: Date;
  /** User id of the operator, recorded in the `audit-prune` record. */
  readonly userId?: string | null;
  readonly role?: string | null;
  readonly requestId?: string | null;
}

/** Six years of 365.25 days: the shortest retention that 45 CFR 164.316(b)(2) allows. */
export const minimumRetentionDays = 2192;

const dayMs = 86_400_000;

/**
 * Removes audit records older than the retention (45 CFR 164.316(b)(2) keeps them six years), a
 * separate, privileged operation. It rejects a cut newer than `now` minus the retention. Then
 * the log cuts itself at the newest checkpoint at or before `before` that covers only older
 * records. That checkpoint stays as the anchor the rest of the chain verifies from, and an
 * `audit-prune` record in the log itself names it. A log that does not verify is left alone.
 *
 * @example
 * ```ts
 * const before = new Date('2019-01-01');
 * const result = await pruneAuditLog(audit, { before, retentionDays: 2196 });
 * result.removedRecords; // 120000
 * ```
 */
export async function pruneAuditLog(
  log: PrunableAuditLog,
  options: PruneAuditLogOptions,
): Promise<AuditPruneResult> {
  const { before, retentionDays } = options;
  if (!Number.isSafeInteger(retentionDays) || retentionDays < minimumRetentionDays) {
    throw new AuditPruneError(
      `retention of ${String(retentionDays)} days is shorter than the six years (${minimumRetentionDays} days) of 45 CFR 164.316(b)(2)`,
    );
  }
  if (Number.isNaN(before.getTime())) {
    throw new AuditPruneError('the cut is not a valid date');
  }

  const now = options.now ?? new Date();
  const latestCut = new Date(now.getTime() - retentionDays * dayMs);
  if (before.getTime() > latestCut.getTime()) {
    throw new AuditPruneError(
      `the cut ${before.toISOString()} is newer than the retention allows: with ${retentionDays} days of retention, only records before ${latestCut.toISOString()} may be removed`,
    );
  }

  return await log.pruneBefore({
    cut: formatRecordedAt(before, 'the cut'),
    userId: options.userId ?? null,
    role: options.role ?? null,
    requestId: options.requestId ?? null,
  });
}
