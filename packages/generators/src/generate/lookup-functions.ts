import type { FieldIR } from '../ir/spec-ir.js';
import { storedValuesModule } from './field-storage.js';
import { plainTypeMembers, runtimeModule } from './field-types.js';
import { lookupIndexFunctionName } from './model-names.js';
import {
  indentWidth,
  writeDocComment,
  writeFunction,
  type ModelContext,
} from './model-context.js';
import { maxLineWidth, quoteString, unionType } from './typescript-syntax.js';

/**
 * Writes one function per `lookup: exact` field that computes the blind index of a value, the
 * search key for the field's index column. `encrypt<Model>` calls the same function, so a
 * search key always matches the stored one.
 */
export function writeLookupFunctions(context: ModelContext): void {
  for (const field of context.model.fields) {
    if (field.lookupColumn !== undefined) {
      writeLookupFunction(context, field, field.lookupColumn);
    }
  }
}

function writeLookupFunction(context: ModelContext, field: FieldIR, indexColumn: string): void {
  const { model, writer, imports } = context;
  const name = lookupIndexFunctionName(model, field);
  const valueType = unionType(plainTypeMembers(field, imports));
  const cipherType = imports.type(runtimeModule, 'FieldCipher');
  const blindIndex = imports.type(runtimeModule, 'BlindIndex');
  const table = `table: ${quoteString(model.table)}`;
  const column = `column: ${quoteString(field.column)}`;

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Computes the search key that finds ${model.table} rows by exact ${field.name} in the ` +
      `${indexColumn} column.`,
  );
  const parameters = [`value: ${valueType}`, `cipher: ${cipherType}`];
  writeFunction(writer, `export function ${name}`, parameters, blindIndex, () => {
    const call = `return cipher.blindIndex(${indexText(context, field)}, `;
    const oneLine = `${call}{ ${table}, ${column} });`;
    if (indentWidth(writer) + oneLine.length <= maxLineWidth) {
      writer.writeLine(oneLine);
      return;
    }
    writer.write(call).inlineBlock(() => {
      writer.writeLine(`${table},`);
      writer.writeLine(`${column},`);
    });
    writer.write(');').newLine();
  });
}

/** Writes the expression for the text that a blind index is computed from. */
function indexText(context: ModelContext, field: FieldIR): string {
  switch (field.type) {
    case 'integer':
    case 'boolean':
      return '`${value}`';
    case 'datetime':
      return 'value.toISOString()';
    case 'json':
      return `${context.imports.value(storedValuesModule, 'toStoredJson')}(value)`;
    default:
      return 'value';
  }
}
