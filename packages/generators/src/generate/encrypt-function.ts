import type { FieldIR } from '../ir/spec-ir.js';
import { call, conditional, printPropertyLines, type Expression } from './expression-layout.js';
import { writeFieldContextArrow } from './field-context-arrow.js';
import { fieldStorage } from './field-storage.js';
import { runtimeModule } from './field-types.js';
import { lookupIndexFunctionName } from './model-names.js';
import {
  indentWidth,
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  type ModelContext,
} from './model-context.js';
import { objectPrototypeNames } from './object-prototype-names.js';
import { primaryKeyText } from './primary-key-text.js';
import { propertyAccess, propertyKey, quoteString } from './typescript-syntax.js';

/** Import specifier of the generated write checks. */
export const checkInputModule = '../check-input.js';

/**
 * Writes `encrypt<Model>`: it checks the input against the spec, then builds the stored row,
 * encrypting PHI and sensitive fields and computing blind indexes from the plaintext.
 */
export function writeEncryptFunction(context: ModelContext): void {
  const { model, names, writer, imports } = context;
  const cipherType = imports.type(runtimeModule, 'FieldCipher');
  const checkInput = imports.value(checkInputModule, 'checkInput');
  const usesCipher = model.fields.some((field) => field.encrypted || field.lookup === 'exact');
  const cipher = usesCipher ? 'cipher' : '_cipher';
  const values = readOwnValues(context);

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Checks a ${model.name} against its spec and encrypts its PHI and sensitive fields into a ` +
      `${model.table} row, computing blind indexes from the plaintext. Throws ` +
      'FieldValidationError, which names the field and rule but never the value.',
  );
  const head = `export function ${names.encrypt}`;
  const parameters = [`input: ${names.input}`, `${cipher}: ${cipherType}`];
  writeFunction(writer, head, parameters, names.row, () => {
    writer.writeLine(`${checkInput}(${names.table}, input);`);

    if (values.locals.length > 0) {
      writer.blankLine();
      writer.writeLine('// Reads own properties, because the prototype supplies omitted fields.');
      writeLines(writer, values.locals);
    }

    if (model.fields.some((field) => field.encrypted)) {
      writer.blankLine();
      const key = primaryKeyField(model);
      writeFieldContextArrow(context, primaryKeyText(key, valueOf(values, key), imports));
    }

    writer.blankLine();
    writer.write('return ').inlineBlock(() => {
      for (const field of model.fields) {
        writeRowEntries(context, field, valueOf(values, field));
      }
    });
    writer.write(';').newLine();
  });
}

interface OwnValues {
  /** Local variable declarations. */
  readonly locals: readonly string[];
  /** The expression that reads each field, by field name. */
  readonly expressions: ReadonlyMap<string, string>;
}

function readOwnValues(context: ModelContext): OwnValues {
  const { model, imports } = context;
  const locals: string[] = [];
  const expressions = new Map<string, string>();
  for (const field of model.fields) {
    if (field.optional && objectPrototypeNames.has(field.name)) {
      const ownField = imports.value(checkInputModule, 'ownField');
      const local = `own${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
      locals.push(`const ${local} = ${ownField}(input, ${quoteString(field.name)});`);
      expressions.set(field.name, local);
    }
  }
  return { locals, expressions };
}

function valueOf(values: OwnValues, field: FieldIR): string {
  return values.expressions.get(field.name) ?? propertyAccess('input', field.name);
}

function writeRowEntries(context: ModelContext, field: FieldIR, value: string): void {
  const { writer } = context;
  const storage = fieldStorage(field, context.database, context.imports);
  let expression: Expression;
  if (storage.kind === 'encrypted') {
    const method = field.optional ? 'cipher.encryptNullable' : 'cipher.encrypt';
    const args = [quoteString(storage.valueType), value, `context(${quoteString(field.column)})`];
    expression = call(method, args);
  } else {
    expression = storage.toRow(value);
  }
  const key = propertyKey(field.column);
  writeLines(writer, printPropertyLines(key, expression, indentWidth(writer)));

  if (field.lookupColumn !== undefined) {
    const index = call(lookupIndexFunctionName(context.model, field), [value, 'cipher']);
    const lookup = field.optional ? conditional(`${value} == null`, 'null', index) : index;
    const indexKey = propertyKey(field.lookupColumn);
    writeLines(writer, printPropertyLines(indexKey, lookup, indentWidth(writer)));
  }
}
