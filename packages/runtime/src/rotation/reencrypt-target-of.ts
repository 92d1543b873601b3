import { fieldValueType, type SpecFieldType } from './field-value-type.js';
import type { EncryptedColumn, ReencryptTarget } from './reencrypt-target.js';

/**
 * The parts of a model's table metadata that re-encryption needs. The `<model>Table` constants
 * of generated code (`ModelTable`) have this shape, and so does a table built from the spec IR.
 */
export interface ModelTableMetadata {
  readonly model?: string | undefined;
  readonly table: string;
  readonly primaryKey: { readonly column: string };
  readonly fields: readonly {
    readonly column: string;
    readonly type: SpecFieldType;
    readonly encrypted: boolean;
  }[];
}

/**
 * Derives the re-encryption target of a model from its table metadata: the table, the primary
 * key column and every encrypted column with the value type that generated code encrypts it as.
 * Throws TypeError for a field type that the spec does not define.
 *
 * @example
 * ```ts
 * import { patientTable } from './generated/index.js';
 *
 * await reencryptTable(db, reencryptTargetOf(patientTable), cipher);
 * ```
 */
export function reencryptTargetOf(modelTable: ModelTableMetadata): ReencryptTarget {
  const columns: EncryptedColumn[] = [];
  for (const field of modelTable.fields) {
    if (!field.encrypted) {
      continue;
    }
    const valueType = fieldValueType(field.type);
    if (valueType === undefined) {
      throw new TypeError(
        `${modelTable.table}.${field.column}: unknown field type ${JSON.stringify(field.type)}`,
      );
    }
    columns.push({ column: field.column, valueType });
  }

  return {
    table: modelTable.table,
    model: modelTable.model,
    primaryKey: { column: modelTable.primaryKey.column },
    columns,
  };
}
