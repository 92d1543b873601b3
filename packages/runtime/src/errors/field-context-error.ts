import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of an unusable field context. */
export interface FieldContextErrorDetails {
  readonly table: string;
  readonly column: string;
  /** Problem with the context, such as `primaryKey is empty`. */
  readonly reason: string;
}

/**
 * Raised when the table, column or primary key given for a field is empty, because an envelope
 * bound to an empty primary key would no longer be tied to one row.
 */
export class FieldContextError extends HspecRuntimeError {
  declare readonly code: 'crypto.context-invalid';
  readonly table: string;
  readonly column: string;
  readonly reason: string;

  constructor(details: FieldContextErrorDetails) {
    super(
      'crypto.context-invalid',
      `${details.table}.${details.column}: invalid field context: ${details.reason}`,
    );
    this.table = details.table;
    this.column = details.column;
    this.reason = details.reason;
  }
}
