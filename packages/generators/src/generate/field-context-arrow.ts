import { runtimeModule } from './field-types.js';
import type { ModelContext } from './model-context.js';
import { quoteString } from './typescript-syntax.js';

/**
 * Writes the local `context` function of an encrypt or decrypt function, which builds the
 * FieldContext of one column of this row. The cipher binds each envelope to table, column and
 * primary key, so a ciphertext copied to another row or column fails to decrypt.
 */
export function writeFieldContextArrow(context: ModelContext, primaryKey: string): void {
  const { model, writer, imports } = context;
  const fieldContext = imports.type(runtimeModule, 'FieldContext');
  writer.write(`const context = (column: string): ${fieldContext} => (`).inlineBlock(() => {
    writer.writeLine(`table: ${quoteString(model.table)},`);
    writer.writeLine('column,');
    writer.writeLine(`primaryKey: ${primaryKey},`);
  });
  writer.write(');').newLine();
}
