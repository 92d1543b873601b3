import type { FieldIR } from '../../ir/spec-ir.js';
import { writeFieldContextArrow } from '../field-context-arrow.js';
import { cipherValueType } from '../field-storage.js';
import { runtimeModule } from '../field-types.js';
import {
  indentWidth,
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  type ModelContext,
} from '../model-context.js';
import { primaryKeyText } from '../primary-key-text.js';
import { propertyAccess, quoteString } from '../typescript-syntax.js';
import { callCode, flatCode, printCode, type Code } from './code-layout.js';
import { supportModule, type RepositoryNames } from './repository-names.js';
import { fromColumn } from './stored-column.js';

/**
 * Writes `project<Model>`: it copies the fields of a stored row that a decision allows into a new
 * object, decrypting each allowed envelope with its own column and row, and never decrypts a
 * field that the decision leaves out.
 */
export function writeProjectionFunction(context: ModelContext, names: RepositoryNames): void {
  const { model, writer, imports } = context;
  const record = imports.type(names.modelModule, context.names.record);
  const row = imports.type(names.modelModule, context.names.row);
  const projection = imports.type(supportModule, 'Projection');
  const cipherType = imports.type(runtimeModule, 'FieldCipher');
  const encrypted = model.fields.some((field) => field.encrypted);
  const cipher = encrypted ? 'cipher' : '_cipher';

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Decrypts the fields of a ${model.table} row that \`fields\` names into a partial ` +
      `${model.name}. The envelopes of other fields stay unread.`,
  );
  const fieldNames = imports.type(supportModule, 'FieldNames');
  const parameters = [`row: ${row}`, `fields: ${fieldNames}`, `${cipher}: ${cipherType}`];
  const returnType = `${projection}<${record}>`;
  writeFunction(writer, `function ${names.project}`, parameters, returnType, () => {
    if (encrypted) {
      const key = primaryKeyField(model);
      const keyValue = flatCode(fromColumn(key, propertyAccess('row', key.column), imports));
      writeFieldContextArrow(context, primaryKeyText(key, keyValue, imports));
    }
    writer.writeLine(`const view: ${returnType} = {};`);
    writer.blankLine();

    for (const field of model.fields) {
      writer.write(`if (fields.has(${quoteString(field.name)}))`).block(() => {
        const target = `${propertyAccess('view', field.name)} = `;
        const value = recordValue(context, record, field);
        writeLines(writer, printCode(target, value, ';', indentWidth(writer)));
      });
    }
    writer.writeLine('return view;');
  });
}

/** Builds the code that reads one field of the record from the row, decrypting an envelope. */
function recordValue(context: ModelContext, record: string, field: FieldIR): Code {
  const column = propertyAccess('row', field.column);
  if (!field.encrypted) {
    return fromColumn(field, column, context.imports);
  }

  // The cipher returns the plain value type. The assertion adds the PHI or sensitive brand and
  // narrows an enum, which is safe because authenticated encryption returns what was written.
  const method = field.optional ? 'cipher.decryptNullable' : 'cipher.decrypt';
  const valueType = quoteString(cipherValueType(field));
  const args = [valueType, column, `context(${quoteString(field.column)})`];
  return callCode(method, args, ` as ${record}[${quoteString(field.name)}]`);
}
