import type { AuditRecord } from './audit-record.js';
import { hashAuditRecord } from './canonical-encoding.js';

/**
 * One stored record as the chain verifier reads it: where it claims to sit in the chain, and
 * whether its stored values still hash to its stored hash.
 */
export interface AuditChainLink {
  /** The stored sequence number; NaN when the record is unreadable. */
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
  /** True when the stored values form a record whose canonical encoding hashes to `hash`. */
  readonly intact: boolean;
  /**
   * True when the record is not intact but would be with a sequence one higher: it was
   * renumbered down after a record before it was deleted.
   */
  readonly renumberedDown: boolean;
  /** For an intact `audit-prune` record: the sequence of the checkpoint it made the anchor. */
  readonly pruneAnchor: number | undefined;
  /** Position of the record for messages, such as `line 17`; undefined for SQLite rows. */
  readonly location: string | undefined;
}

/** Builds the chain link of a record read back from storage, hashing its canonical encoding. */
export function linkAuditRecord(record: AuditRecord, location?: string): AuditChainLink {
  const intact = hashAuditRecord(record) === record.hash;
  const renumberedDown =
    !intact && hashAuditRecord({ ...record, sequence: record.sequence + 1 }) === record.hash;
  return {
    sequence: record.sequence,
    previousHash: record.previousHash,
    hash: record.hash,
    intact,
    renumberedDown,
    pruneAnchor: intact ? pruneAnchorOf(record) : undefined,
    location,
  };
}

/** Builds the chain link of a stored value that is not a readable record. */
export function linkUnreadableRecord(
  stored: { readonly sequence?: unknown; readonly previousHash?: unknown; readonly hash?: unknown },
  location?: string,
): AuditChainLink {
  const sequence = stored.sequence;
  return {
    sequence: Number.isSafeInteger(sequence) ? (sequence as number) : Number.NaN,
    previousHash: typeof stored.previousHash === 'string' ? stored.previousHash : '',
    hash: typeof stored.hash === 'string' ? stored.hash : '',
    intact: false,
    renumberedDown: false,
    pruneAnchor: undefined,
    location,
  };
}

/**
 * Reads the anchor that an `audit-prune` record names: its first record id, the decimal
 * sequence of the checkpoint the pruned log now starts after.
 */
export function pruneAnchorOf(record: AuditRecord): number | undefined {
  const first = record.recordIds[0];
  if (record.action !== 'audit-prune' || first === undefined || !/^[1-9][0-9]*$/.test(first)) {
    return undefined;
  }
  return Number(first);
}
