import { describeField } from './describe-field.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a rejected encryption: the field that was about to be written. */
export interface AlreadyEncryptedErrorDetails {
  readonly table: string;
  readonly column: string;
}

/**
 * Raised when a value passed to encrypt is already an envelope, because encrypting it again
 * would store ciphertext that decrypts to ciphertext.
 */
export class AlreadyEncryptedError extends HspecRuntimeError {
  declare readonly code: 'crypto.already-encrypted';
  readonly table: string;
  readonly column: string;

  constructor(details: AlreadyEncryptedErrorDetails) {
    const field = describeField(details.table, details.column);
    super(
      'crypto.already-encrypted',
      `${field}: value is already an envelope; pass the decrypted value instead`,
    );
    this.table = details.table;
    this.column = details.column;
  }
}
