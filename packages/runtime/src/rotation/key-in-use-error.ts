import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** A table that still has rows with envelopes under a key, and how many. */
export interface KeyUsage {
  readonly table: string;
  readonly rows: number;
}

/**
 * Raised by `assertKeyUnused` when rows still contain envelopes under a key, so removing the key
 * would make them undecryptable. `tables` lists each table with its row count.
 */
export class KeyInUseError extends HspecRuntimeError {
  declare readonly code: 'rotation.key-in-use';
  readonly keyId: string;
  readonly tables: readonly KeyUsage[];

  constructor(details: { readonly keyId: string; readonly tables: readonly KeyUsage[] }) {
    const usage = details.tables
      .map((entry) => `${entry.rows} ${entry.rows === 1 ? 'row' : 'rows'} in ${entry.table}`)
      .join(', ');
    super(
      'rotation.key-in-use',
      `key "${details.keyId}" is still used by ${usage}; re-encrypt them under the active key first`,
    );
    this.keyId = details.keyId;
    this.tables = Object.freeze(details.tables.map((entry) => ({ ...entry })));
  }
}
