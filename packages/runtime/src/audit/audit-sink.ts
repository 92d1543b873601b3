import type { AuditEntry } from './audit-entry.js';
import type { AuditRecord } from './audit-record.js';

/**
 * A destination for audit records. `append` resolves only after the record is durable and the chain has
 * advanced; SQLite and JSON Lines sinks ship with the runtime, and a PostgreSQL sink implements
 * the same interface.
 */
export interface AuditSink {
  append(entry: AuditEntry): Promise<AuditRecord>;
}

/** Receives records whose `alert` is set (break-glass, `alert: true` events), after they are durable. */
export type AuditAlertHook = (record: AuditRecord) => void;
