import type { FieldIR } from '../ir/spec-ir.js';
import { literalObject, printLiteral, type Literal, type LiteralObject } from './literal-layout.js';
import {
  primaryKeyField,
  referencedModel,
  writeDocComment,
  writeLines,
  type ModelContext,
} from './model-context.js';

/** Import specifier of the generated metadata types. */
export const modelTableModule = '../model-table.js';

/**
 * Writes the metadata constant of a model: its table, primary key and, per field, the column,
 * type and protection. `checkInput` reads it on every write, and repository generators can
 * reuse it to build statements. `satisfies ModelTable` keeps it in the shape they expect.
 */
export function writeTableConstant(context: ModelContext): void {
  const { model, names, writer, imports } = context;
  const modelTable = imports.type(modelTableModule, 'ModelTable');
  const primaryKey = primaryKeyField(model);
  const value = literalObject([
    ['model', model.name],
    ['table', model.table],
    ['primaryKey', literalObject([['field', primaryKey.name], ['column', primaryKey.column]])],
    ['fields', model.fields.map((field) => fieldLiteral(context, field))],
  ]);

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Table, column and protection metadata of ${model.name}, for checks, repositories and tools.`,
  );
  const head = `export const ${names.table} = `;
  writeLines(writer, printLiteral(value, 0, head, ` as const satisfies ${modelTable};`, true));
}

function fieldLiteral(context: ModelContext, field: FieldIR): LiteralObject {
  return literalObject([
    ['name', field.name],
    ['column', field.column],
    ['type', field.type],
    ['optional', field.optional],
    ['encrypted', field.encrypted],
    ['phi', field.phi],
    ['sensitive', field.sensitive ? true : undefined],
    ['lookupColumn', field.lookupColumn],
    ['references', referenceLiteral(context, field)],
    ['values', field.values === undefined ? undefined : [...field.values]],
    ['pattern', field.pattern],
  ]);
}

function referenceLiteral(context: ModelContext, field: FieldIR): Literal | undefined {
  if (field.references === undefined) {
    return undefined;
  }
  const target = referencedModel(context.modelsByName, context.model, field);

  const targetKey = primaryKeyField(target);
  return literalObject([
    ['model', target.name],
    ['table', target.table],
    ['column', targetKey.column],
  ]);
}
