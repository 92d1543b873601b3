import type { FieldIR, ModelIR, ProjectIR } from '../ir/spec-ir.js';
import type { CodeWriter } from './code-writer.js';
import { docComment } from './doc-comment.js';
import type { ImportList } from './import-list.js';
import type { ModelNames } from './model-names.js';
import { printSignature, printTypeMember } from './typescript-syntax.js';

/** The state that the printers of one model module share. */
export interface ModelContext {
  readonly model: ModelIR;
  readonly names: ModelNames;
  readonly database: ProjectIR['database'];
  /** Every model of the spec by name, to resolve `references`. */
  readonly modelsByName: ReadonlyMap<string, ModelIR>;
  readonly imports: ImportList;
  readonly writer: CodeWriter;
}

/** Writes lines at the writer's current indentation. */
export function writeLines(writer: CodeWriter, lines: readonly string[]): void {
  for (const line of lines) {
    writer.writeLine(line);
  }
}

/** Writes an interface member such as `readonly ssn: string | null;` at the current indentation. */
export function writeTypeMember(
  writer: CodeWriter,
  head: string,
  members: readonly string[],
): void {
  writeLines(writer, printTypeMember(head, members, indentWidth(writer)));
}

/** Writes a doc comment at the current indentation. */
export function writeDocComment(writer: CodeWriter, text: string): void {
  writeLines(writer, docComment(text, indentWidth(writer)));
}

/** Returns the width of the writer's current indentation. */
export function indentWidth(writer: CodeWriter): number {
  return writer.getIndentationLevel() * writer.getOptions().indentNumberOfSpaces;
}

/** Finds the primary key field of a model, which validation guarantees to exist. */
export function primaryKeyField(model: ModelIR): FieldIR {
  const field = model.fields.find((candidate) => candidate.name === model.primaryKey);
  if (field === undefined) {
    throw new Error(`model ${model.name} has no primary key field named ${model.primaryKey}`);
  }
  return field;
}

/** Finds the model that a `references` field points to, which validation guarantees to exist. */
export function referencedModel(
  modelsByName: ReadonlyMap<string, ModelIR>,
  model: ModelIR,
  field: FieldIR,
): ModelIR {
  const target = modelsByName.get(field.references ?? '');
  if (target === undefined) {
    const name = field.references ?? '';
    throw new Error(`field ${model.name}.${field.name} references unknown model ${name}`);
  }
  return target;
}

/** Writes a function with the given signature and body, breaking the signature when needed. */
export function writeFunction(
  writer: CodeWriter,
  head: string,
  parameters: readonly string[],
  returnType: string,
  writeBody: () => void,
): void {
  const lines = printSignature(head, parameters, returnType, indentWidth(writer));
  writeLines(writer, lines.slice(0, -1));
  writer.write(lines[lines.length - 1] ?? '').block(writeBody);
}
