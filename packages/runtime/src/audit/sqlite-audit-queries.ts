import { auditCheckpointTable, auditLogColumns, auditLogTable } from './sqlite-audit-schema.js';

const checkpointColumns = 'sequence, hash, recorded_at, key_id, signature';
const recordPlaceholders = auditLogColumns.map(() => '?').join(', ');

/** The statements that `SqliteAuditLog` prepares, by what they do. */
export const auditQueries = {
  lastRecord: `SELECT sequence, hash FROM ${auditLogTable} ORDER BY sequence DESC LIMIT 1`,
  lastCheckpoint:
    `SELECT sequence, hash FROM ${auditCheckpointTable} ORDER BY sequence DESC LIMIT 1`,
  recordsFrom: `SELECT * FROM ${auditLogTable} WHERE sequence >= ? ORDER BY sequence LIMIT ?`,
  hashAt: `SELECT hash FROM ${auditLogTable} WHERE sequence = ?`,
  firstSequence: `SELECT MIN(sequence) FROM ${auditLogTable}`,
  firstSequenceRecordedFrom: `SELECT MIN(sequence) FROM ${auditLogTable} WHERE recorded_at >= ?`,
  insertRecord: `INSERT INTO ${auditLogTable} VALUES (${recordPlaceholders})`,
  deleteRecordsThrough: `DELETE FROM ${auditLogTable} WHERE sequence <= ?`,
  checkpoints: `SELECT ${checkpointColumns} FROM ${auditCheckpointTable} ORDER BY sequence`,
  checkpointAt: `SELECT ${checkpointColumns} FROM ${auditCheckpointTable} WHERE sequence = ?`,
  // A checkpoint that already exists for a sequence belongs to a log that was cut back and
  // written again. It is kept, because verification reports the log against it.
  insertCheckpoint: `INSERT OR IGNORE INTO ${auditCheckpointTable} VALUES (?, ?, ?, ?, ?)`,
  deleteCheckpointsBefore: `DELETE FROM ${auditCheckpointTable} WHERE sequence < ?`,
} as const;
