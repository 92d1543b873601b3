import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditPruneRequest } from './audit-prune-request.js';

/**
 * Builds the `audit-prune` entry that records a pruning in the log itself. Its first record id
 * is the anchor's sequence number, which the verifier looks for to accept a log that starts
 * after that checkpoint.
 */
export function buildPruneEntry(anchor: AuditCheckpoint, request: AuditPruneRequest): AuditEntry {
  return {
    event: 'audit.prune',
    action: 'audit-prune',
    outcome: 'success',
    userId: request.userId,
    role: request.role,
    model: null,
    recordIds: [String(anchor.sequence)],
    fields: [],
    purposeOfUse: null,
    reason: null,
    emergency: false,
    changedFields: null,
    // Removing audit records is rare and privileged, so it always raises the alert.
    alert: true,
    detail: 'retention',
    requestId: request.requestId,
  };
}
