import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/**
 * Raised when the audit alert hook throws. The record it was called for is already committed,
 * so the caller must not retry the append. `cause` is the error that the hook threw.
 */
export class AuditAlertError extends HspecRuntimeError {
  declare readonly code: 'audit.alert-failed';
  /** Sequence number of the committed record whose alert failed. */
  readonly sequence: number;

  constructor(sequence: number, cause: unknown) {
    super(
      'audit.alert-failed',
      `the audit alert hook failed for record #${sequence}; the record itself is committed`,
    );
    this.sequence = sequence;
    this.cause = cause;
  }
}
