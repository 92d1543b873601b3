/**
 * The body of the generated `model-table.ts`: the types of the metadata constants that each model
 * module exports. It is the same for every spec.
 */
export const modelTableSource = `import type { PhiKind } from '@hspec/runtime';

/** The type of a field as the spec names it. */
export type FieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'uuid'
  | 'enum'
  | 'code'
  | 'json';

/** The table and column that a foreign key points to. */
export interface ForeignKey {
  readonly model: string;
  readonly table: string;
  readonly column: string;
}

/** Metadata of one field and its column. */
export interface FieldColumn {
  /** Field name in the spec and in the record types. */
  readonly name: string;
  /** SQL column name. */
  readonly column: string;
  readonly type: FieldType;
  readonly optional: boolean;
  /** True when the column stores an AES-256-GCM envelope instead of the value. */
  readonly encrypted: boolean;
  /** Safe Harbor identifier kind of a PHI field. */
  readonly phi?: PhiKind;
  /** Present on clinical data that is encrypted but is not an identifier. */
  readonly sensitive?: true;
  /** Column of the keyed blind index of a \`lookup: exact\` field. */
  readonly lookupColumn?: string;
  readonly references?: ForeignKey;
  /** Allowed values of an enum field, in spec order. */
  readonly values?: readonly string[];
  /** Regular expression source that a value must match on write, with the \`u\` flag. */
  readonly pattern?: string;
}

/** Metadata of one model and its table. */
export interface ModelTable {
  readonly model: string;
  readonly table: string;
  readonly primaryKey: { readonly field: string; readonly column: string };
  /** Fields in spec order. */
  readonly fields: readonly FieldColumn[];
}
`;
