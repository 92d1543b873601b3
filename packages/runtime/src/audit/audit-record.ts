import type { AuditEntry } from './audit-entry.js';

/** An audit entry as stored: numbered, timestamped and chained to the record before it. */
export interface AuditRecord extends AuditEntry {
  /** Position in the chain, from 1 with no gaps. */
  readonly sequence: number;
  /** Random UUID of the record. */
  readonly id: string;
  /** When it was recorded: ISO 8601 UTC with milliseconds. */
  readonly recordedAt: string;
  /** Hex SHA-256 of the record before it (of the checkpoint anchor after pruning). */
  readonly previousHash: string;
  /** Hex SHA-256 over the canonical encoding of this record, previousHash included. */
  readonly hash: string;
}
