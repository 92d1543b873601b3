import type { FieldIR } from '../ir/spec-ir.js';
import { storedValuesModule } from './field-storage.js';
import type { ImportList } from './import-list.js';

/**
 * Writes the expression that turns a primary key value into the text that binds an envelope to
 * its row. Encryption and decryption both start from the field value, so they produce the same
 * text for every field type.
 */
export function primaryKeyText(field: FieldIR, value: string, imports: ImportList): string {
  switch (field.type) {
    case 'integer':
    case 'boolean':
      return `\`\${${value}}\``;
    case 'datetime':
      return `${imports.value(storedValuesModule, 'toStoredDateTime')}(${value})`;
    case 'json':
      return `${imports.value(storedValuesModule, 'toStoredJson')}(${value})`;
    default:
      return value;
  }
}
