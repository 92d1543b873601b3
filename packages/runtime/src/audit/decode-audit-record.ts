import type { AuditRecord } from './audit-record.js';
import { isRecordedAt } from './build-audit-record.js';
import { auditActions, auditOutcomes, isStorableText } from './find-audit-entry-problems.js';

const recordProperties: ReadonlySet<string> = new Set([
  'action',
  'alert',
  'changedFields',
  'detail',
  'emergency',
  'event',
  'fields',
  'hash',
  'id',
  'model',
  'outcome',
  'previousHash',
  'purposeOfUse',
  'reason',
  'recordIds',
  'recordedAt',
  'requestId',
  'role',
  'sequence',
  'userId',
]);

/**
 * Reads a stored record (a parsed JSON Lines line, or a SQLite row renamed to the record's
 * property names) back into an AuditRecord. Returns undefined when the value is not shaped like
 * one: a missing, extra or mistyped property, an unknown action or outcome, a sequence that is
 * not a positive integer, or a timestamp in another form. Whether the record is intact is for
 * its hash to tell; this only checks that it can be encoded.
 */
export function decodeAuditRecord(value: unknown): AuditRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const stored = value as Record<string, unknown>;
  const keys = Object.keys(stored);
  if (keys.length !== recordProperties.size || !keys.every((key) => recordProperties.has(key))) {
    return undefined;
  }
  return isShapedLikeRecord(stored) ? (stored as unknown as AuditRecord) : undefined;
}

function isShapedLikeRecord(stored: Record<string, unknown>): boolean {
  const sequence = stored['sequence'];
  const recordedAt = stored['recordedAt'];
  return (
    typeof sequence === 'number' &&
    Number.isSafeInteger(sequence) &&
    sequence >= 1 &&
    typeof recordedAt === 'string' &&
    isRecordedAt(recordedAt) &&
    auditActions.includes(stored['action'] as never) &&
    auditOutcomes.includes(stored['outcome'] as never) &&
    ['id', 'event', 'previousHash', 'hash'].every((key) => isText(stored[key])) &&
    ['userId', 'role', 'model', 'purposeOfUse', 'reason', 'detail', 'requestId'].every((key) =>
      isNullableText(stored[key]),
    ) &&
    isTextList(stored['recordIds']) &&
    isTextList(stored['fields']) &&
    (stored['changedFields'] === null || isTextList(stored['changedFields'])) &&
    typeof stored['emergency'] === 'boolean' &&
    typeof stored['alert'] === 'boolean'
  );
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && isStorableText(value);
}

function isNullableText(value: unknown): boolean {
  return value === null || isText(value);
}

function isTextList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isText);
}
