import type { FieldIR } from '../ir/spec-ir.js';
import { sentence } from './doc-comment.js';
import { fieldDoc } from './field-doc.js';
import { fieldStorage } from './field-storage.js';
import { inputTypeMembers, recordTypeMembers, runtimeModule } from './field-types.js';
import { objectInterfaceNames } from './object-prototype-names.js';
import { writeDocComment, writeTypeMember, type ModelContext } from './model-context.js';
import { propertyKey } from './typescript-syntax.js';

/**
 * Writes the decrypted record interface. Optional fields are `T | null`, not `?:`, because a
 * record read from the database always has every column, so callers test for null and never
 * for a missing key.
 */
export function writeRecordInterface(context: ModelContext): void {
  const { model, names, writer, imports } = context;
  const summary =
    model.description === undefined
      ? `A ${model.name} record after decryption, with PHI fields branded by identifier kind.`
      : sentence(model.description);

  writeInterface(context, summary, names.record, () => {
    for (const field of model.fields) {
      const doc = fieldDoc(field);
      if (doc !== undefined) {
        writeDocComment(writer, doc);
      }
      const head = `readonly ${propertyKey(field.name)}:`;
      writeTypeMember(writer, head, recordTypeMembers(field, imports));
    }
  });
}

/** Writes the input interface: what a caller passes to the encrypt function. */
export function writeInputInterface(context: ModelContext): void {
  const { model, names, writer, imports } = context;
  const summary =
    `The values of a ${model.name} that ${names.encrypt} checks and encrypts. Plain types ` +
    'accept branded values, and optional fields may be omitted or null.';

  writeInterface(context, summary, names.input, () => {
    for (const field of model.fields) {
      const inheritedName = objectInterfaceNames.has(field.name);
      if (field.optional && inheritedName) {
        writeDocComment(
          writer,
          'Pass null when absent: TypeScript would check an omitted field of this name ' +
            'against the member that every object inherits.',
        );
      }
      const marker = field.optional && !inheritedName ? '?' : '';
      const head = `readonly ${propertyKey(field.name)}${marker}:`;
      writeTypeMember(writer, head, inputTypeMembers(field, imports));
    }
  });
}

/** Writes the row interface: the stored row, keyed by SQL column names. */
export function writeRowInterface(context: ModelContext): void {
  const { model, names } = context;
  let summary =
    `A row of the ${model.table} table as stored, with AES-256-GCM envelopes in place of PHI ` +
    'and sensitive values.';
  if (context.database === 'postgres') {
    summary +=
      ' The types assume a driver that reads int8 as a number and date and jsonb as text, as ' +
      'node-postgres does once its type parsers for those types are set.';
  }

  writeInterface(context, summary, names.row, () => {
    for (const field of model.fields) {
      writeRowColumn(context, field);
      if (field.lookupColumn !== undefined) {
        writeBlindIndexColumn(context, field, field.lookupColumn);
      }
    }
  });
}

function writeRowColumn(context: ModelContext, field: FieldIR): void {
  const { writer, imports } = context;
  const storage = fieldStorage(field, context.database, imports);
  let members: readonly string[];
  if (storage.kind === 'encrypted') {
    const kind = field.phi === undefined ? 'sensitive data' : `PHI of kind ${field.phi}`;
    writeDocComment(writer, `Envelope of ${field.name}, ${kind}.`);
    members = [imports.type(runtimeModule, 'Envelope')];
  } else {
    members = storage.rowMembers;
  }

  const head = `readonly ${propertyKey(field.column)}:`;
  writeTypeMember(writer, head, field.optional ? [...members, 'null'] : members);
}

function writeBlindIndexColumn(context: ModelContext, field: FieldIR, column: string): void {
  const { writer, imports } = context;
  const doc = field.optional
    ? `Blind index of ${field.name} for exact lookup, null when ${field.name} is null.`
    : `Blind index of ${field.name} for exact lookup.`;
  writeDocComment(writer, doc);

  const members = [imports.type(runtimeModule, 'BlindIndex')];
  const head = `readonly ${propertyKey(column)}:`;
  writeTypeMember(writer, head, field.optional ? [...members, 'null'] : members);
}

function writeInterface(
  context: ModelContext,
  summary: string,
  name: string,
  writeMembers: () => void,
): void {
  const { writer } = context;
  writer.blankLineIfLastNot();
  writeDocComment(writer, summary);
  writer.write(`export interface ${name}`).block(writeMembers);
}
