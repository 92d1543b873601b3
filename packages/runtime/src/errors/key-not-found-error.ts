import { describeField } from './describe-field.js';
import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of a missing key: the key id that was looked up and, when known, for which field. */
export interface KeyNotFoundErrorDetails {
  readonly keyId: string;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
}

/**
 * Raised when an envelope or a caller names a key id that the keyring does not contain, for
 * example because the keyring file is older than the data.
 */
export class KeyNotFoundError extends HspecRuntimeError {
  declare readonly code: 'crypto.key-not-found';
  readonly keyId: string;
  readonly table: string | undefined;
  readonly column: string | undefined;

  constructor(details: KeyNotFoundErrorDetails) {
    const field = describeField(details.table, details.column);
    const prefix = field === '' ? '' : `${field}: `;
    super(
      'crypto.key-not-found',
      `${prefix}key "${details.keyId}" not found in the keyring; load a keyring that contains it`,
    );
    this.keyId = details.keyId;
    this.table = details.table;
    this.column = details.column;
  }
}
