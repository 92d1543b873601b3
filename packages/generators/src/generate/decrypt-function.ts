import type { FieldIR } from '../ir/spec-ir.js';
import { call, flat, printPropertyLines, type Expression } from './expression-layout.js';
import { writeFieldContextArrow } from './field-context-arrow.js';
import { fieldStorage } from './field-storage.js';
import { runtimeModule } from './field-types.js';
import {
  indentWidth,
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  type ModelContext,
} from './model-context.js';
import { primaryKeyText } from './primary-key-text.js';
import { propertyAccess, propertyKey, quoteString } from './typescript-syntax.js';

/**
 * Writes `decrypt<Model>`: it turns a stored row back into the record, decrypting each envelope
 * with the context of its own column and row and branding the plaintext with its PHI kind.
 */
export function writeDecryptFunction(context: ModelContext): void {
  const { model, names, writer, imports } = context;
  const cipherType = imports.type(runtimeModule, 'FieldCipher');
  const encrypted = model.fields.some((field) => field.encrypted);
  const cipher = encrypted ? 'cipher' : '_cipher';

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Decrypts a ${model.table} row into a ${model.name}. An envelope decrypts only in the ` +
      'table, column and row that it was written for.',
  );
  const head = `export function ${names.decrypt}`;
  const parameters = [`row: ${names.row}`, `${cipher}: ${cipherType}`];
  writeFunction(writer, head, parameters, names.record, () => {
    if (encrypted) {
      const key = primaryKeyField(model);
      writeFieldContextArrow(context, primaryKeyText(key, recordValue(context, key), imports));
      writer.blankLine();
    }

    writer.write('return ').inlineBlock(() => {
      for (const field of model.fields) {
        const expression = recordExpression(context, field);
        const key = propertyKey(field.name);
        writeLines(writer, printPropertyLines(key, expression, indentWidth(writer)));
      }
    });
    writer.write(';').newLine();
  });
}

function recordExpression(context: ModelContext, field: FieldIR): Expression {
  const storage = fieldStorage(field, context.database, context.imports);
  const column = propertyAccess('row', field.column);
  if (storage.kind === 'plain') {
    return storage.fromRow(column);
  }

  // The cipher returns the plain value type. The assertion adds the PHI or sensitive brand and
  // narrows an enum, which is safe because authenticated encryption returns what was written.
  const method = field.optional ? 'cipher.decryptNullable' : 'cipher.decrypt';
  const args = [quoteString(storage.valueType), column, `context(${quoteString(field.column)})`];
  const fieldType = `${context.names.record}[${quoteString(field.name)}]`;
  return call(method, args, ` as ${fieldType}`);
}

/** Writes the expression that reads the record value of a plaintext field from the row. */
function recordValue(context: ModelContext, field: FieldIR): string {
  const storage = fieldStorage(field, context.database, context.imports);
  if (storage.kind === 'encrypted') {
    throw new Error(
      `primary key ${context.model.name}.${field.name} cannot be encrypted, because every ` +
        'envelope of the row is bound to its plaintext',
    );
  }
  return flat(storage.fromRow(propertyAccess('row', field.column)));
}
