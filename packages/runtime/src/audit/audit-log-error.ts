import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** Stable code of the reason an audit log cannot be used. */
export type AuditLogErrorCode =
  /** A JSON Lines log ends in an incomplete line, left by a write that was cut off. */
  | 'audit.torn-record'
  /** Another writer held the lock file for longer than the lock timeout. */
  | 'audit.lock-timeout'
  /** A stored record or checkpoint cannot be read as one, or the schema is missing. */
  | 'audit.invalid-log'
  /** The clock returned a time that an ISO 8601 UTC timestamp cannot hold. */
  | 'audit.invalid-clock'
  /** `append` was called inside an open transaction, where the record cannot be durable yet. */
  | 'audit.in-transaction'
  /** The log was closed before the call. */
  | 'audit.closed';

/**
 * Raised when an audit log cannot be read or written. The message names the file or table and
 * the next step, and never contains a record's contents.
 */
export class AuditLogError extends HspecRuntimeError {
  declare readonly code: AuditLogErrorCode;
  /** The file path or table the problem is in. */
  readonly source: string;

  constructor(code: AuditLogErrorCode, source: string, message: string) {
    super(code, `${source}: ${message}`);
    this.source = source;
  }
}
