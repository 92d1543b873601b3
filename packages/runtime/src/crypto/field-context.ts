/**
 * Location of an encrypted value. The cipher binds the envelope to all three parts, so it
 * decrypts only in the same table, column and row.
 */
export interface FieldContext {
  /** Database table name. */
  readonly table: string;
  /** Database column name. */
  readonly column: string;
  /** Primary key of the row, as text; it must be known before the row is written. */
  readonly primaryKey: string;
}
