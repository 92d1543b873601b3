import type { ValueType } from '../phi/value-type.js';
import { describeField } from './describe-field.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a value that does not fit its declared type. */
export interface ValueTypeErrorDetails {
  readonly expected: ValueType;
  /** The type that an envelope holds, when a decryption expected another one. */
  readonly actual?: ValueType | undefined;
  /** Problem with the value, in words that never quote it. */
  readonly reason: string;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
}

/**
 * Raised when a value to encrypt is not a valid value of its type, or when an envelope contains
 * a value of another type than the one the caller expects.
 */
export class ValueTypeError extends HspecRuntimeError {
  declare readonly code: 'value.type-mismatch';
  readonly expected: ValueType;
  readonly actual: ValueType | undefined;
  readonly reason: string;
  readonly table: string | undefined;
  readonly column: string | undefined;

  constructor(details: ValueTypeErrorDetails) {
    const field = describeField(details.table, details.column);
    const prefix = field === '' ? '' : `${field}: `;
    super(
      'value.type-mismatch',
      `${prefix}expected a ${details.expected} value: ${details.reason}`,
    );
    this.expected = details.expected;
    this.actual = details.actual;
    this.reason = details.reason;
    this.table = details.table;
    this.column = details.column;
  }
}
