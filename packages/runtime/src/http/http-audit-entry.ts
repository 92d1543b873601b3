import type { AuditAction, AuditEntry, AuditOutcome } from '../audit/audit-entry.js';

/** Facts of a session or HTTP event. The other fields of the audit entry stay empty. */
export interface HttpAuditFacts {
  readonly event: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly userId?: string | undefined;
  readonly role?: string | undefined;
  readonly requestId: string;
  readonly detail?: string | undefined;
  readonly purposeOfUse?: string | undefined;
  readonly reason?: string | undefined;
  readonly emergency?: boolean | undefined;
}

/**
 * Builds the audit entry of a session or HTTP event. It names no model, record or field,
 * because those are recorded by the repositories that touch the data.
 */
export function httpAuditEntry(facts: HttpAuditFacts): AuditEntry {
  return {
    event: facts.event,
    action: facts.action,
    outcome: facts.outcome,
    userId: facts.userId ?? null,
    role: facts.role ?? null,
    model: null,
    recordIds: [],
    fields: [],
    purposeOfUse: facts.purposeOfUse ?? null,
    reason: facts.reason ?? null,
    emergency: facts.emergency ?? false,
    changedFields: null,
    alert: false,
    detail: facts.detail ?? null,
    requestId: facts.requestId,
  };
}
