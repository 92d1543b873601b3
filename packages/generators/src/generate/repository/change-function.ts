import type { FieldIR } from '../../ir/spec-ir.js';
import { checkInputModule } from '../encrypt-function.js';
import { writeFieldContextArrow } from '../field-context-arrow.js';
import { cipherValueType } from '../field-storage.js';
import { runtimeModule } from '../field-types.js';
import { lookupIndexFunctionName } from '../model-names.js';
import {
  indentWidth,
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  type ModelContext,
} from '../model-context.js';
import { objectPrototypeNames } from '../object-prototype-names.js';
import { primaryKeyText } from '../primary-key-text.js';
import { propertyAccess, quoteString } from '../typescript-syntax.js';
import { callCode, flatCode, printCode, type Code } from './code-layout.js';
import { supportModule, type RepositoryNames } from './repository-names.js';
import { fromColumn, toColumn } from './stored-column.js';

/**
 * Writes `change<Model>`: it converts the fields present in an update into the columns that
 * store them. Each PHI value is encrypted with the context of the stored row, so the envelope
 * stays bound to the same table, column and primary key. With `diff`, it also compares each new
 * value with the stored one, decrypting the stored envelope of that field only.
 */
export function writeChangeFunction(
  context: ModelContext,
  names: RepositoryNames,
  diff: boolean,
): void {
  const { model, writer, imports } = context;
  const key = primaryKeyField(model);
  const fields = model.fields.filter((field) => !field.primaryKey);
  const encrypted = fields.some((field) => field.encrypted);
  const usesCipher = encrypted || fields.some((field) => field.lookupColumn !== undefined);
  const usesStored = encrypted || (diff && fields.length > 0);
  const rowUpdate = imports.value(supportModule, 'RowUpdate');
  const parameters = [
    `${usesStored ? 'stored' : '_stored'}: ${imports.type(names.modelModule, context.names.row)}`,
    `${fields.length > 0 ? 'changes' : '_changes'}: ${names.changes}`,
    `${usesCipher ? 'cipher' : '_cipher'}: ${imports.type(runtimeModule, 'FieldCipher')}`,
  ];

  writer.blankLineIfLastNot();
  const compared = diff
    ? ' Each value is compared with the stored one for the audit diff, and the stored envelope ' +
      'of a changed PHI field is decrypted for that comparison only.'
    : '';
  writeDocComment(
    writer,
    `Converts the fields present in \`changes\` into the ${model.table} columns that store ` +
      `them, encrypting PHI for the stored row's own context.${compared}`,
  );
  writeFunction(writer, `function ${names.change}`, parameters, rowUpdate, () => {
    if (encrypted) {
      const keyValue = flatCode(fromColumn(key, propertyAccess('stored', key.column), imports));
      writeFieldContextArrow(context, primaryKeyText(key, keyValue, imports));
    }
    writer.writeLine(`const update = new ${rowUpdate}();`);

    const values = readOwnValues(context, fields);
    if (values.locals.length > 0) {
      writer.blankLine();
      writer.writeLine('// Reads own properties, because the prototype supplies omitted fields.');
      writeLines(writer, values.locals);
    }
    writer.blankLine();

    for (const field of fields) {
      const value = values.expressions.get(field.name) ?? propertyAccess('changes', field.name);
      writer.write(`if (${value} !== undefined)`).block(() => {
        writeFieldChange(context, names, field, value, diff);
      });
    }
    writer.writeLine('return update;');
  });
}

interface OwnValues {
  readonly locals: readonly string[];
  readonly expressions: ReadonlyMap<string, string>;
}

/** Declares locals that read fields named like `Object.prototype` members as own properties. */
function readOwnValues(context: ModelContext, fields: readonly FieldIR[]): OwnValues {
  const locals: string[] = [];
  const expressions = new Map<string, string>();
  for (const field of fields) {
    if (objectPrototypeNames.has(field.name)) {
      const ownField = context.imports.value(checkInputModule, 'ownField');
      const local = `own${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
      locals.push(`const ${local} = ${ownField}(changes, ${quoteString(field.name)});`);
      expressions.set(field.name, local);
    }
  }
  return { locals, expressions };
}

function writeFieldChange(
  context: ModelContext,
  names: RepositoryNames,
  field: FieldIR,
  value: string,
  diff: boolean,
): void {
  const { writer, imports } = context;
  const name = quoteString(field.name);
  const column = quoteString(field.column);
  const write = (line: Code): void => {
    writeLines(writer, printCode('', line, ';', indentWidth(writer)));
  };

  if (!field.encrypted) {
    const stored = toColumn(field, value, imports);
    if (diff) {
      writeLines(writer, printCode('const value = ', stored, ';', indentWidth(writer)));
      write(callCode('update.compare', [name, propertyAccess('stored', field.column), 'value']));
      write(callCode('update.set', [column, 'value']));
    } else {
      write(callCode('update.set', [column, stored]));
    }
  } else {
    const fieldContext = `context(${column})`;
    if (diff) {
      const decrypt = field.optional ? 'cipher.decryptNullable' : 'cipher.decrypt';
      const storedColumn = propertyAccess('stored', field.column);
      const valueType = quoteString(cipherValueType(field));
      const old = callCode(decrypt, [valueType, storedColumn, fieldContext]);
      writeLines(writer, printCode('const old = ', old, ';', indentWidth(writer)));
      write(callCode('update.compare', [name, 'old', value]));
    }
    const encrypt = field.optional ? 'cipher.encryptNullable' : 'cipher.encrypt';
    const envelope = callCode(encrypt, [quoteString(cipherValueType(field)), value, fieldContext]);
    write(callCode('update.set', [column, envelope]));
  }

  if (field.lookupColumn !== undefined) {
    const indexFunction = imports.value(
      names.modelModule,
      lookupIndexFunctionName(context.model, field),
    );
    const index = callCode(indexFunction, [value, 'cipher']);
    const lookup: Code = field.optional
      ? { kind: 'conditional', test: `${value} === null`, whenTrue: 'null', whenFalse: index }
      : index;
    write(callCode('update.set', [quoteString(field.lookupColumn), lookup]));
  }
}
