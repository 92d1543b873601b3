import { runtimeModule, plainTypeMembers } from '../field-types.js';
import { lookupIndexFunctionName } from '../model-names.js';
import {
  indentWidth,
  primaryKeyField,
  writeDocComment,
  writeFunction,
  writeLines,
  type ModelContext,
} from '../model-context.js';
import { maxLineWidth, quoteString, unionType } from '../typescript-syntax.js';
import { callCode, printCode } from './code-layout.js';
import { findByMethodName, supportModule, type RepositoryNames } from './repository-names.js';

/** Import specifier of the generated policy module, from the repositories folder. */
export const policyModule = '../policy.js';

/** Writes the view type of what a role reads and the type of what an update may set. */
export function writeRepositoryTypes(context: ModelContext, names: RepositoryNames): void {
  const { model, writer, imports } = context;
  const role = imports.type(policyModule, 'Role');
  const viewOf = imports.type(supportModule, 'ViewOf');
  const input = imports.type(names.modelModule, context.names.input);
  const key = quoteString(primaryKeyField(model).name);

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `The ${model.name} fields that a request in role R reads: the role's view, merged with its ` +
      'break-glass view. For a role known only as a string, the union over every role.',
  );
  const viewHead = `export type ${names.view}<R extends string = ${role}> =`;
  writeTypeAlias(context, viewHead, `${viewOf}<R, ${quoteString(model.name)}>`);

  writer.blankLine();
  writeDocComment(
    writer,
    `The fields that an update of a ${model.name} may set: the input fields but the primary key.`,
  );
  const changesOf = imports.type(supportModule, 'ChangesOf');
  writeTypeAlias(context, `export type ${names.changes} =`, `${changesOf}<${input}, ${key}>`);
}

/** Writes `head type;` on one line, or the type on the next line when it does not fit. */
function writeTypeAlias(context: ModelContext, head: string, type: string): void {
  const oneLine = `${head} ${type};`;
  if (oneLine.length <= maxLineWidth) {
    context.writer.writeLine(oneLine);
    return;
  }
  context.writer.writeLine(head);
  context.writer.writeLine(`  ${type};`);
}

/**
 * Writes the repository class: typed methods for one model over the shared RecordStore, which
 * authorizes, scopes, encrypts, projects and audits each call.
 */
export function writeRepositoryClass(
  context: ModelContext,
  names: RepositoryNames,
  keyType: string,
  exportBy: 'patient' | 'organization' | undefined,
): void {
  const { model, writer, imports } = context;
  const store = imports.value(supportModule, 'RecordStore');
  const storeArguments = [
    imports.type(names.modelModule, context.names.row),
    imports.type(names.modelModule, context.names.input),
    names.changes,
    keyType,
  ];
  const lookups = model.fields.filter((field) => field.lookupColumn !== undefined);
  const cipherType = imports.type(runtimeModule, 'FieldCipher');

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `Reads and writes ${model.name} records in the ${model.table} table for one request at a ` +
      'time. Each call authorizes the request, limits rows to its scopes in the SQL WHERE ' +
      'clause, decrypts only the fields that the role may read, and appends one audit record ' +
      'in the same transaction as its reads and writes.',
  );
  writer.write(`export class ${names.repository}`).block(() => {
    const storeField = `readonly #store: ${store}<${storeArguments.join(', ')}>;`;
    if (indentWidth(writer) + storeField.length <= maxLineWidth) {
      writer.writeLine(storeField);
    } else {
      // A type argument list takes no trailing comma.
      writer.writeLine(`readonly #store: ${store}<`);
      storeArguments.forEach((type, index) => {
        const comma = index < storeArguments.length - 1 ? ',' : '';
        writer.writeLine(`  ${type}${comma}`);
      });
      writer.writeLine('>;');
    }
    if (lookups.length > 0) {
      writer.writeLine(`readonly #cipher: ${cipherType};`);
    }

    writer.blankLine();
    writeDocComment(
      writer,
      'Takes the database, the field cipher and an audit log that writes through the same ' +
        'database connection, so that each audit record commits with the data it describes.',
    );
    const options = imports.type(supportModule, 'RepositoryOptions');
    writer.write(`constructor(options: ${options})`).block(() => {
      writer.writeLine(`this.#store = new ${store}(${names.model}, options);`);
      if (lookups.length > 0) {
        writer.writeLine('this.#cipher = options.cipher;');
      }
    });

    writeInsert(context, names);
    writeGet(context, names, keyType);
    for (const field of lookups) {
      writeFindBy(context, names, keyType, field.name);
    }
    writeList(context, names, keyType);
    if (exportBy !== undefined) {
      writeExport(context, names, exportBy);
    }
    writeUpdate(context, names, keyType);
    writeDelete(context, keyType);
  });
}

function writeInsert(context: ModelContext, names: RepositoryNames): void {
  const { model, writer, imports } = context;
  writer.blankLine();
  writeDocComment(
    writer,
    `Inserts a ${model.name}. Throws AccessDeniedError unless a create grant covers the new ` +
      "record's links and every field given a value, and FieldValidationError when the input " +
      'breaks the spec.',
  );
  const parameters = [
    `request: ${imports.type(runtimeModule, 'AccessRequest')}`,
    `input: ${imports.type(names.modelModule, context.names.input)}`,
  ];
  writeFunction(writer, 'insert', parameters, 'void', () => {
    writer.writeLine('this.#store.insert(request, input);');
  });
}

function writeGet(context: ModelContext, names: RepositoryNames, keyType: string): void {
  const { model, writer } = context;
  const view = `${names.view}<R>`;
  writer.blankLine();
  writeDocComment(
    writer,
    `Reads one ${model.name} in the view of the request's role, or returns undefined when no ` +
      'row with the id is in scope. A row outside the scope reads as missing, and both are ' +
      'audited as denied.',
  );
  const parameters = [`request: ${roleRequest(context)}`, `id: ${keyType}`];
  writeFunction(writer, 'get<R extends string>', parameters, `${view} | undefined`, () => {
    const read = callCode('this.#store.get', ['request', 'id'], ` as ${view} | undefined`);
    writeLines(writer, printCode('return ', read, ';', indentWidth(writer)));
  });
}

function writeFindBy(
  context: ModelContext,
  names: RepositoryNames,
  keyType: string,
  fieldName: string,
): void {
  const { model, writer, imports } = context;
  const field = model.fields.find((candidate) => candidate.name === fieldName);
  if (field === undefined) {
    return;
  }
  const page = imports.type(supportModule, 'Page');
  const pageRequest = imports.type(supportModule, 'PageRequest');
  const maxPageSize = imports.value(supportModule, 'maxPageSize');
  const indexFunction = imports.value(names.modelModule, lookupIndexFunctionName(model, field));
  const pageKey = `${imports.type(supportModule, 'PageKey')}<R, ${keyType}>`;
  const result = `${page}<${names.view}<R>, ${pageKey}>`;

  writer.blankLine();
  writeDocComment(
    writer,
    `Finds the ${model.name} records in scope whose ${field.name} equals the value, through ` +
      'its blind index, a page at a time in primary key order. A null value is never indexed, ' +
      'so it is never found. A de-identified role may search only by a field that Safe Harbor ' +
      'keeps.',
  );
  const parameters = [
    `request: ${roleRequest(context)}`,
    `value: ${unionType(plainTypeMembers(field, imports))}`,
    `page: ${pageRequest}<${pageKey}> = { limit: ${maxPageSize} }`,
  ];
  writeFunction(writer, `${findByMethodName(field)}<R extends string>`, parameters, result, () => {
    const arrow = 'const index = (): string =>';
    const index = callCode(indexFunction, ['value', 'this.#cipher']);
    const oneLine = printCode(`${arrow} `, index, ';', indentWidth(writer));
    if (oneLine.length === 1) {
      writeLines(writer, oneLine);
    } else {
      // The body of an arrow function that does not fit moves below it, as Prettier does.
      writer.writeLine(arrow);
      const body = printCode('', index, ';', indentWidth(writer) + 2);
      writeLines(writer, body.map((line) => `  ${line}`));
    }
    const args = ['request', quoteString(field.name), 'index', 'page'];
    const found = callCode('this.#store.findBy', args, ` as ${result}`);
    writeLines(writer, printCode('return ', found, ';', indentWidth(writer)));
  });
}

function writeList(context: ModelContext, names: RepositoryNames, keyType: string): void {
  const { model, writer, imports } = context;
  const page = imports.type(supportModule, 'Page');
  const pageRequest = imports.type(supportModule, 'PageRequest');
  const pageKey = `${imports.type(supportModule, 'PageKey')}<R, ${keyType}>`;
  const result = `${page}<${names.view}<R>, ${pageKey}>`;

  writer.blankLine();
  writeDocComment(
    writer,
    `Reads a page of the ${model.name} records in scope, in primary key order. Pass the ` +
      "page's `next` key as `after` to read the page that follows.",
  );
  const parameters = [`request: ${roleRequest(context)}`, `page: ${pageRequest}<${pageKey}>`];
  writeFunction(writer, 'list<R extends string>', parameters, result, () => {
    const found = callCode('this.#store.list', ['request', 'page'], ` as ${result}`);
    writeLines(writer, printCode('return ', found, ';', indentWidth(writer)));
  });
}

function writeExport(
  context: ModelContext,
  names: RepositoryNames,
  exportBy: 'patient' | 'organization',
): void {
  const { model, writer, imports } = context;
  const record = imports.type(names.modelModule, context.names.record);
  const exported = `readonly ${imports.type(supportModule, 'ExportedRecord')}<${record}>[]`;
  const method = exportBy === 'patient' ? 'exportForPatient' : 'exportForOrganization';
  const id = exportBy === 'patient' ? 'patientId' : 'organizationId';
  const whose = exportBy === 'patient' ? 'one patient' : 'one organization';

  writer.blankLine();
  writeDocComment(
    writer,
    `Reads the ${model.name} records in scope of ${whose} for a FHIR export, each with the ` +
      'fields that the export grant for its row allows, and audits them as one export. ' +
      (model.subject
        ? 'Throws AccessDeniedError when the patient is not in scope or the role may not ' +
          'export it.'
        : 'Throws AccessDeniedError when the role may not export the model.'),
  );
  const parameters = [`request: ${imports.type(runtimeModule, 'AccessRequest')}`, `${id}: string`];
  writeFunction(writer, method, parameters, exported, () => {
    const args = ['request', quoteString(exportBy), id, String(model.subject)];
    const call = callCode('this.#store.exportLinked', args, ` as ${exported}`);
    writeLines(writer, printCode('return ', call, ';', indentWidth(writer)));
  });
}

function writeUpdate(context: ModelContext, names: RepositoryNames, keyType: string): void {
  const { model, writer, imports } = context;
  writer.blankLine();
  writeDocComment(
    writer,
    `Changes the fields present in \`changes\` of one ${model.name} in scope; the primary key ` +
      'never changes. Throws AccessDeniedError when no row with the id is in scope or when the ' +
      'update grant for the row does not cover a changed field, and FieldValidationError when ' +
      'a value breaks the spec.',
  );
  const parameters = [
    `request: ${imports.type(runtimeModule, 'AccessRequest')}`,
    `id: ${keyType}`,
    `changes: ${names.changes}`,
  ];
  writeFunction(writer, 'update', parameters, 'void', () => {
    writer.writeLine('this.#store.update(request, id, changes);');
  });
}

function writeDelete(context: ModelContext, keyType: string): void {
  const { model, writer, imports } = context;
  writer.blankLine();
  writeDocComment(
    writer,
    `Deletes one ${model.name} in scope. Throws AccessDeniedError when no row with the id is ` +
      'in scope.',
  );
  const parameters = [`request: ${imports.type(runtimeModule, 'AccessRequest')}`, `id: ${keyType}`];
  writeFunction(writer, 'delete', parameters, 'void', () => {
    writer.writeLine('this.#store.delete(request, id);');
  });
}

function roleRequest(context: ModelContext): string {
  return `${context.imports.type(supportModule, 'RoleRequest')}<R>`;
}
