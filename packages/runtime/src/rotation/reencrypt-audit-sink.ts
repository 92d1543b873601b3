import type { AuditEntry } from '../audit/audit-entry.js';

/**
 * Audit sink that receives the one `key-rotation` entry per batch of `reencryptTable`.
 * `appendSync` is called inside the batch's transaction, so an audit log on the same SQLite
 * connection commits the record together with the batch. An `AuditSink` with only `append` is
 * awaited while the transaction is still open, and a rejected append rolls the batch back.
 */
export type ReencryptAuditSink =
  | { appendSync(entry: AuditEntry): unknown }
  | { append(entry: AuditEntry): Promise<unknown> };
