import type { ValueType } from '../phi/value-type.js';

/** An encrypted column and the type of the values that its envelopes hold. */
export interface EncryptedColumn {
  /** SQL column name; it is also the column part of each envelope's associated data. */
  readonly column: string;
  /** Value type that the envelopes were written as; decryption checks it. */
  readonly valueType: ValueType;
}

/**
 * A table whose encrypted columns `reencryptTable` moves to the active key. `reencryptTargetOf`
 * derives one from a generated model table constant such as `patientTable`.
 */
export interface ReencryptTarget {
  /** SQL table name; it is also the table part of each envelope's associated data. */
  readonly table: string;
  /** Model name for audit records, when the target comes from a spec model. */
  readonly model?: string | undefined;
  /**
   * Primary key column. Its value, as text, is the row part of each envelope's associated data,
   * so it must contain text or integers.
   */
  readonly primaryKey: { readonly column: string };
  /** The encrypted columns; blind-index and plain columns are left out. */
  readonly columns: readonly EncryptedColumn[];
}
