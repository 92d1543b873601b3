import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** Details of a row that could not be re-encrypted. */
export interface ReencryptErrorDetails {
  readonly table: string;
  /** The encrypted column that failed, or the primary key column when the key was unusable. */
  readonly column: string;
  /** Primary key of the row as text, when it could be read as text. */
  readonly primaryKey: string | undefined;
  /** Description of the failure, without any field value. */
  readonly reason: string;
  /** The error that the cipher threw, if any. */
  readonly cause?: unknown;
}

/**
 * Raised by `reencryptTable` when one value of a batch cannot be decrypted or encrypted again
 * (a tampered envelope, a key missing from the keyring, a value of another type). The batch's
 * transaction is rolled back, so no row of that batch changes. The message names the table,
 * column and primary key, never the value.
 */
export class ReencryptError extends HspecRuntimeError {
  declare readonly code: 'rotation.reencrypt-failed';
  readonly table: string;
  readonly column: string;
  readonly primaryKey: string | undefined;

  constructor(details: ReencryptErrorDetails) {
    const row =
      details.primaryKey === undefined
        ? ''
        : ` in the row with primary key ${JSON.stringify(details.primaryKey)}`;
    super(
      'rotation.reencrypt-failed',
      `${details.table}.${details.column}${row}: ${details.reason}; the batch was rolled back`,
    );
    this.table = details.table;
    this.column = details.column;
    this.primaryKey = details.primaryKey;
    if (details.cause !== undefined) {
      this.cause = details.cause;
    }
  }
}
