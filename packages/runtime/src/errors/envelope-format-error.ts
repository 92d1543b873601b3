import { describeField } from './describe-field.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a malformed envelope: what is wrong and, when known, where it was read. */
export interface EnvelopeFormatErrorDetails {
  /** Problem with the envelope's structure; it never quotes the envelope. */
  readonly reason: string;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  readonly keyId?: string | undefined;
}

/** Raised when a string is not a well-formed `hspec:v1` envelope, so it cannot be decrypted. */
export class EnvelopeFormatError extends HspecRuntimeError {
  declare readonly code: 'crypto.envelope-invalid';
  readonly reason: string;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly keyId: string | undefined;

  constructor(details: EnvelopeFormatErrorDetails) {
    const field = describeField(details.table, details.column);
    const prefix = field === '' ? '' : `${field}: `;
    super('crypto.envelope-invalid', `${prefix}invalid envelope: ${details.reason}`);
    this.reason = details.reason;
    this.table = details.table;
    this.column = details.column;
    this.keyId = details.keyId;
  }
}
