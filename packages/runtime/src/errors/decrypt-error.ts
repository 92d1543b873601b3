import { describeField } from './describe-field.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a failed decryption: where the envelope was read and which key it named. */
export interface DecryptErrorDetails {
  readonly table: string;
  readonly column: string;
  readonly keyId: string;
}

/**
 * Raised when an envelope fails authentication: the key bytes are wrong, the envelope was
 * tampered with or truncated, or it was written for another table, column or row.
 */
export class DecryptError extends HspecRuntimeError {
  declare readonly code: 'crypto.decrypt-failed';
  readonly table: string;
  readonly column: string;
  readonly keyId: string;

  constructor(details: DecryptErrorDetails) {
    const field = describeField(details.table, details.column);
    super(
      'crypto.decrypt-failed',
      `${field}: failed to decrypt under key "${details.keyId}": authentication failed ` +
        '(wrong key bytes, a tampered or truncated envelope, or an envelope from another row, column or table)',
    );
    this.table = details.table;
    this.column = details.column;
    this.keyId = details.keyId;
  }
}
