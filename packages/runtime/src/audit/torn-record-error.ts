import { AuditLogError } from './audit-log-error.js';

/** Builds the error for a log file whose last line was cut off by a crash during a write. */
export function tornRecordError(path: string, size: number): AuditLogError {
  return new AuditLogError(
    'audit.torn-record',
    path,
    `the file ends in an incomplete line (the file is ${size} bytes), left by a write that was cut off, ` +
      'and appending would chain over it; keep a copy, remove the incomplete line as docs/audit.md describes, then verify the log',
  );
}
