import type { FieldIR } from '../../ir/spec-ir.js';
import { storedValuesModule } from '../field-storage.js';
import { plainTypeMembers } from '../field-types.js';
import type { ImportList } from '../import-list.js';
import { unionType } from '../typescript-syntax.js';
import { callCode, type Code } from './code-layout.js';

/**
 * Builds the code that converts the value of a plaintext field to its SQLite column value, as
 * `encrypt<Model>` stores it. The value is known not to be undefined, so an optional field's
 * value is the column value or null. Only the converter that the code names is imported.
 */
export function toColumn(field: FieldIR, value: string, imports: ImportList): Code {
  switch (field.type) {
    case 'boolean':
      return callCode(imports.value(storedValuesModule, 'toStoredBoolean'), [value]);
    case 'datetime':
      return callCode(imports.value(storedValuesModule, 'toStoredDateTime'), [value]);
    case 'json':
      return unlessNull(field, value, imports.value(storedValuesModule, 'toStoredJson'));
    default:
      return value;
  }
}

/** Builds the code that converts a SQLite column value back to the value of a plaintext field. */
export function fromColumn(field: FieldIR, column: string, imports: ImportList): Code {
  switch (field.type) {
    case 'boolean':
      return callCode(imports.value(storedValuesModule, 'fromStoredBoolean'), [column]);
    case 'datetime':
      return callCode(imports.value(storedValuesModule, 'fromStoredDateTime'), [column]);
    case 'json':
      return unlessNull(field, column, imports.value(storedValuesModule, 'fromStoredJson'));
    default:
      return column;
  }
}

/** Returns the type of a plaintext field's SQLite column value, without null. */
export function columnType(field: FieldIR, imports: ImportList): string {
  switch (field.type) {
    case 'boolean':
      return '0 | 1';
    case 'datetime':
    case 'json':
      return 'string';
    default:
      return unionType(plainTypeMembers(field, imports));
  }
}

function unlessNull(field: FieldIR, value: string, convert: string): Code {
  const converted = callCode(convert, [value]);
  if (!field.optional) {
    return converted;
  }
  return { kind: 'conditional', test: `${value} === null`, whenTrue: 'null', whenFalse: converted };
}
