import type { ModelIR } from '../../ir/spec-ir.js';
import { literalObject, printLiteral } from '../literal-layout.js';
import {
  primaryKeyField,
  writeDocComment,
  writeLines,
  type ModelContext,
} from '../model-context.js';
import { maxLineWidth, propertyAccess, propertyKey, quoteString } from '../typescript-syntax.js';
import { printStringLines } from './code-layout.js';
import { deidModule, deidRulesName } from './repository-features.js';
import type { RepositoryNames } from './repository-names.js';
import { supportModule } from './repository-names.js';
import type {
  InboundCheckText,
  ReferenceCheckText,
  RepositorySqlText,
  ScopeConditionText,
} from './repository-sql.js';

const indent = '  ';

/**
 * Writes the module-level constant that describes a model to the shared RecordStore: its SQL,
 * how to read keys and row links, and the functions that encrypt, project and change its rows.
 */
export function writeModelConstant(
  context: ModelContext,
  names: RepositoryNames,
  sql: RepositorySqlText,
  keyType: string,
  deidentified: boolean,
): void {
  const { model, writer, imports } = context;
  const modelType = imports.type(supportModule, 'RepositoryModel');
  const typeArguments = [
    imports.type(names.modelModule, context.names.row),
    imports.type(names.modelModule, context.names.input),
    names.changes,
    keyType,
  ];
  const key = primaryKeyField(model);

  const lines = [
    ...printHead(`const ${names.model}: ${modelType}`, typeArguments),
    `${indent}name: ${quoteString(model.name)},`,
    `${indent}table: ${imports.value(names.modelModule, context.names.table)},`,
    `${indent}sql: {`,
    ...sqlLines(sql, indent.repeat(2)),
    `${indent}},`,
    ...linksLines(model),
    `${indent}keyOf: (row) => ${propertyAccess('row', key.column)},`,
    `${indent}encrypt: ${imports.value(names.modelModule, context.names.encrypt)},`,
    ...insertParameterLines(model),
    `${indent}project: ${names.project},`,
    `${indent}change: ${names.change},`,
    ...(deidentified
      ? [`${indent}deidRules: ${imports.value(deidModule(model), deidRulesName(model))},`]
      : []),
    '};',
  ];

  writer.blankLineIfLastNot();
  writeDocComment(
    writer,
    `What ${names.repository} tells the shared RecordStore about ${model.name}: its SQL, its ` +
      'keys and row links, and how its rows are encrypted, projected and changed' +
      (deidentified ? ', and de-identified for a de-identified role.' : '.'),
  );
  writeLines(writer, lines);
}

/** Prints `head<A, B> = {`, breaking the type arguments one per line when they do not fit. */
function printHead(head: string, typeArguments: readonly string[]): string[] {
  const oneLine = `${head}<${typeArguments.join(', ')}> = {`;
  if (oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  // A type argument list takes no trailing comma.
  const last = typeArguments.length - 1;
  const lines = typeArguments.map((type, index) => `${indent}${type}${index < last ? ',' : ''}`);
  return [`${head}<`, ...lines, '> = {'];
}

function sqlLines(sql: RepositorySqlText, pad: string): string[] {
  const text = (key: string, value: string): string[] =>
    printStringLines(`${key}: `, value, ',', pad.length).map((line) => `${pad}${line}`);

  const lines = [
    ...text('select', sql.select),
    ...text('insert', sql.insert),
    ...text('update', sql.update),
    ...text('delete', sql.delete),
    ...text('primaryKey', sql.primaryKey),
    ...text('exists', sql.exists),
  ];
  if (sql.patientOrganization !== undefined) {
    lines.push(...text('patientOrganization', sql.patientOrganization));
  }

  lines.push(...objectLines('lookups', sql.lookups.map(([field, condition]) => {
    const inner = `${pad}${indent}`;
    return printStringLines(`${propertyKey(field)}: `, condition, ',', inner.length).map(
      (line) => `${inner}${line}`,
    );
  }), pad));

  const scopes: string[][] = [];
  for (const [scope, condition] of [
    ['self', sql.self],
    ['organization', sql.organization],
  ] as const) {
    if (condition !== undefined) {
      scopes.push(scopeLines(scope, condition, `${pad}${indent}`));
    }
  }
  lines.push(...objectLines('scopes', scopes, pad));
  lines.push(...checkListLines('referencedBy', sql.referencedBy, pad));
  lines.push(...checkListLines('references', sql.references, pad));
  return lines;
}

/**
 * Prints a list of reference checks, one object per check with its properties in order, or
 * nothing when the list is empty. A long SQL text breaks over lines.
 */
function checkListLines(
  key: string,
  checks: readonly (ReferenceCheckText | InboundCheckText)[],
  pad: string,
): string[] {
  if (checks.length === 0) {
    return [];
  }
  const item = `${pad}${indent}`;
  const inner = `${item}${indent}`;
  const objects = checks.flatMap((check) => {
    const properties = Object.entries(check).flatMap(([name, value]) =>
      typeof value === 'string'
        ? printStringLines(`${name}: `, value, ',', inner.length).map((line) => `${inner}${line}`)
        : [`${inner}${name}: ${String(value)},`],
    );
    return [`${item}{`, ...properties, `${item}},`];
  });
  return [`${pad}${key}: [`, ...objects, `${pad}],`];
}

/** Prints `key: {}` for no entries, else the entries one per line inside braces. */
function objectLines(key: string, entries: readonly string[][], pad: string): string[] {
  if (entries.length === 0) {
    return [`${pad}${key}: {},`];
  }
  return [`${pad}${key}: {`, ...entries.flat(), `${pad}},`];
}

function scopeLines(scope: string, condition: ScopeConditionText, pad: string): string[] {
  const subjectId = `subjectId: ${quoteString(condition.subjectId)}`;
  const oneLine = `${pad}${scope}: { sql: ${quoteString(condition.sql)}, ${subjectId} },`;
  if (oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  const inner = `${pad}${indent}`;
  return [
    `${pad}${scope}: {`,
    ...printStringLines('sql: ', condition.sql, ',', inner.length).map((line) => `${inner}${line}`),
    `${inner}${subjectId},`,
    `${pad}},`,
  ];
}

/**
 * Prints `links`: the fields that store a record's patient id and organization id. The subject
 * model's patient id is its primary key, and so is the tenant model's organization id. A model
 * that reaches its organization through its patient names no organization field.
 */
function linksLines(model: ModelIR): string[] {
  const patient = model.subject ? model.primaryKey : model.patientField;
  const organization = model.tenant ? model.primaryKey : model.organizationField;
  const entries = literalObject([
    ['patient', patient],
    ['organization', organization],
  ]);
  return printLiteral(entries, indent.length, 'links: ', ',').map((line) => `${indent}${line}`);
}

function insertParameterLines(model: ModelIR): string[] {
  const values = model.fields.flatMap((field) => {
    const column = propertyAccess('row', field.column);
    return field.lookupColumn === undefined
      ? [column]
      : [column, propertyAccess('row', field.lookupColumn)];
  });
  const oneLine = `${indent}insertParameters: (row) => [${values.join(', ')}],`;
  if (oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  return [
    `${indent}insertParameters: (row) => [`,
    ...values.map((value) => `${indent.repeat(2)}${value},`),
    `${indent}],`,
  ];
}
