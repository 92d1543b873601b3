import type { Action } from '../policy/action.js';

/** The subject of an audit record: a data action, or a session event of 45 CFR 164.312(b). */
export type AuditAction =
  | Action
  | 'login'
  | 'logout'
  | 'login-failed'
  | 'auto-logoff'
  | 'key-rotation'
  | 'audit-prune';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/**
 * What a caller records: who (user, role), what (model, record ids, field names), why (purpose
 * of use, break-glass reason), what changed (field names only) and the outcome. It never contains
 * a field value, a hash of one, or a key.
 */
export interface AuditEntry {
  /** Event name from the spec's audit section, such as `phi.read`, or `auth.login`. */
  readonly event: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly userId: string | null;
  readonly role: string | null;
  readonly model: string | null;
  readonly recordIds: readonly string[];
  /** Names of the fields read or written. */
  readonly fields: readonly string[];
  readonly purposeOfUse: string | null;
  /** The stated break-glass reason. */
  readonly reason: string | null;
  readonly emergency: boolean;
  /** With `diff: true`: sorted names of the fields whose value changed. */
  readonly changedFields: readonly string[] | null;
  /** True when the event must raise the audit alert (break-glass, `alert: true` events). */
  readonly alert: boolean;
  /** A stable code saying why a request was denied or failed, such as `out-of-scope`. */
  readonly detail: string | null;
  /** Correlation id of the HTTP request or job. */
  readonly requestId: string | null;
}
