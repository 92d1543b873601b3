/** The table and column that a blind index belongs to; each pair gets its own derived key. */
export interface BlindIndexTarget {
  /** Database table name. */
  readonly table: string;
  /** Name of the encrypted column that the index makes searchable. */
  readonly column: string;
}
