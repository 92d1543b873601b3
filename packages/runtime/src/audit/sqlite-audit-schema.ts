import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditRecord } from './audit-record.js';

/** Table of the audit records, one row each. */
export const auditLogTable = 'hspec_audit_log';

/** Table of the signed checkpoints, beside the records. */
export const auditCheckpointTable = 'hspec_audit_checkpoints';

// One column per AuditRecord field. Arrays are JSON text in canonical form and booleans are 0 or
// 1. STRICT tables keep each value in the type it was written with, so a record reads back
// exactly as it was hashed. No index beyond the primary key: the log is append-mostly and only
// pruning searches by time.
const schemaSql = `
CREATE TABLE IF NOT EXISTS ${auditLogTable} (
  sequence INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  recorded_at TEXT NOT NULL,
  event TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  user_id TEXT,
  role TEXT,
  model TEXT,
  record_ids TEXT NOT NULL,
  fields TEXT NOT NULL,
  purpose_of_use TEXT,
  reason TEXT,
  emergency INTEGER NOT NULL,
  changed_fields TEXT,
  alert INTEGER NOT NULL,
  detail TEXT,
  request_id TEXT,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS ${auditCheckpointTable} (
  sequence INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL
) STRICT;
`;

/** Returns the `CREATE TABLE IF NOT EXISTS` statements of both audit tables. */
export function auditSchemaSql(): string {
  return schemaSql;
}

/** Columns of the record table, in the order that `recordToRow` and `SELECT *` use. */
export const auditLogColumns = [
  'sequence',
  'id',
  'recorded_at',
  'event',
  'action',
  'outcome',
  'user_id',
  'role',
  'model',
  'record_ids',
  'fields',
  'purpose_of_use',
  'reason',
  'emergency',
  'changed_fields',
  'alert',
  'detail',
  'request_id',
  'previous_hash',
  'hash',
] as const;

/** Converts a record to the values of one row, in `auditLogColumns` order. */
export function recordToRow(record: AuditRecord): unknown[] {
  return [
    record.sequence,
    record.id,
    record.recordedAt,
    record.event,
    record.action,
    record.outcome,
    record.userId,
    record.role,
    record.model,
    JSON.stringify(record.recordIds),
    JSON.stringify(record.fields),
    record.purposeOfUse,
    record.reason,
    record.emergency ? 1 : 0,
    record.changedFields === null ? null : JSON.stringify(record.changedFields),
    record.alert ? 1 : 0,
    record.detail,
    record.requestId,
    record.previousHash,
    record.hash,
  ];
}

/**
 * Renames a raw row (values in `auditLogColumns` order) to the record's property names, parsing
 * the JSON arrays and turning 0 and 1 into booleans. Values that cannot be converted are passed
 * on as they are, for `decodeAuditRecord` to reject.
 */
export function rowToStoredRecord(row: readonly unknown[]): Record<string, unknown> {
  return {
    sequence: row[0],
    id: row[1],
    recordedAt: row[2],
    event: row[3],
    action: row[4],
    outcome: row[5],
    userId: row[6],
    role: row[7],
    model: row[8],
    recordIds: parseJsonColumn(row[9]),
    fields: parseJsonColumn(row[10]),
    purposeOfUse: row[11],
    reason: row[12],
    emergency: toBoolean(row[13]),
    changedFields: row[14] === null ? null : parseJsonColumn(row[14]),
    alert: toBoolean(row[15]),
    detail: row[16],
    requestId: row[17],
    previousHash: row[18],
    hash: row[19],
  };
}

/** Converts a raw checkpoint row (sequence, hash, recorded_at, key_id, signature). */
export function rowToCheckpoint(row: readonly unknown[]): AuditCheckpoint {
  return {
    sequence: Number(row[0]),
    hash: String(row[1]),
    recordedAt: String(row[2]),
    keyId: String(row[3]),
    signature: String(row[4]),
  };
}

/** Converts a checkpoint to the values of one row of the checkpoint table. */
export function checkpointToRow(checkpoint: AuditCheckpoint): unknown[] {
  return [
    checkpoint.sequence,
    checkpoint.hash,
    checkpoint.recordedAt,
    checkpoint.keyId,
    checkpoint.signature,
  ];
}

function parseJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function toBoolean(value: unknown): unknown {
  if (value === 1) {
    return true;
  }
  return value === 0 ? false : value;
}
