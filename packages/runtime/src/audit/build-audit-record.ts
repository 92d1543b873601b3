import { randomUUID } from 'node:crypto';
import type { AuditEntry } from './audit-entry.js';
import { AuditEntryError } from './audit-entry-error.js';
import { AuditLogError } from './audit-log-error.js';
import type { AuditRecord } from './audit-record.js';
import { hashAuditRecord, type UnhashedAuditRecord } from './canonical-encoding.js';
import { findAuditEntryProblems } from './find-audit-entry-problems.js';

/** The end of a chain that the next record links to: the last record, or the start. */
export interface AuditChainHead {
  /** Sequence of the last record; 0 for a new log, the anchor's sequence for an emptied one. */
  readonly sequence: number;
  /** Hash of the last record; `genesisHash` for a new log, the anchor's hash after pruning. */
  readonly hash: string;
}

/** Timestamps of the form `2026-12-04T10:00:00.000Z`, the only form a record stores. */
const recordedAtPattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

/**
 * Checks an entry and builds the record that follows `head`: the next sequence number, a random
 * UUID, the time, the head's hash as `previousHash`, and the hash over all of it. Only the
 * properties of `AuditEntry` are copied. Throws AuditEntryError when the entry is malformed.
 */
export function buildAuditRecord(
  entry: AuditEntry,
  head: AuditChainHead,
  recordedAt: string,
): AuditRecord {
  const problems = findAuditEntryProblems(entry);
  if (problems.length > 0) {
    throw new AuditEntryError(problems);
  }

  const unhashed: UnhashedAuditRecord = {
    event: entry.event,
    action: entry.action,
    outcome: entry.outcome,
    userId: entry.userId,
    role: entry.role,
    model: entry.model,
    recordIds: Object.freeze([...entry.recordIds]),
    fields: Object.freeze([...entry.fields]),
    purposeOfUse: entry.purposeOfUse,
    reason: entry.reason,
    emergency: entry.emergency,
    changedFields: entry.changedFields === null ? null : Object.freeze([...entry.changedFields]),
    alert: entry.alert,
    detail: entry.detail,
    requestId: entry.requestId,
    sequence: head.sequence + 1,
    id: randomUUID(),
    recordedAt,
    previousHash: head.hash,
  };
  return Object.freeze({ ...unhashed, hash: hashAuditRecord(unhashed) });
}

/**
 * Formats the time of a record as ISO 8601 UTC with milliseconds. Throws AuditLogError for an
 * invalid date or a year outside 0000 to 9999, which that form cannot hold.
 */
export function formatRecordedAt(time: Date, source: string): string {
  const text = Number.isNaN(time.getTime()) ? '' : time.toISOString();
  if (!recordedAtPattern.test(text)) {
    throw new AuditLogError(
      'audit.invalid-clock',
      source,
      'the clock returned an invalid time or a year outside 0000 to 9999',
    );
  }
  return text;
}

/** Tells whether a string is a timestamp in the one form that records store. */
export function isRecordedAt(value: string): boolean {
  return recordedAtPattern.test(value) && !Number.isNaN(Date.parse(value));
}
