import type { FieldType } from '../ir/spec-ir.js';
import type { LocateMode } from '../loader/source-document.js';
import type { SpecPath } from '../loader/spec-path.js';
import { suggest } from './did-you-mean.js';
import type { IssueReporter, RelatedPlace } from './issue-reporter.js';
import type { FieldDraft, ModelDraft, SpecDraft } from './spec-draft.js';
import type { SpecIndex } from './spec-index.js';

/** Types a primary key may have; each is stored as is, never encrypted. */
const primaryKeyTypes: readonly FieldType[] = ['uuid', 'string', 'integer'];

/** Types whose values a `pattern` can check. */
const patternTypes: readonly FieldType[] = ['string', 'text', 'code'];

/**
 * Types a blind index (`lookup: exact`) may cover. Enums and booleans are left out because they
 * have so few values that the index would show which records share one, which nearly reveals
 * the value. Free text, JSON, decimals and timestamps are not searched by equality.
 */
export const lookupTypes: readonly FieldType[] = ['string', 'integer', 'uuid', 'code', 'date'];

/** PostgreSQL truncates longer identifiers, so two long names could silently become one. */
export const maxIdentifierLength = 63;

/** Suffix of the blind index column of a `lookup: exact` field. */
export const blindIndexSuffix = '_bidx';

/** Checks models and fields: primary keys, per-type properties, references, links, SQL names. */
export function checkModels(draft: SpecDraft, index: SpecIndex, reporter: IssueReporter): void {
  for (const model of draft.models) {
    checkPrimaryKey(model, reporter);
    for (const field of model.fields) checkField(model, field, index, reporter);
    checkLinks(model, index, reporter);
    checkColumns(model, reporter);
  }

  checkSingleMarker(draft.models, 'subject', reporter);
  checkSingleMarker(draft.models, 'tenant', reporter);
  checkTables(draft.models, reporter);
}

function checkPrimaryKey(model: ModelDraft, reporter: IssueReporter): void {
  const keys = model.fields.filter((field) => field.primaryKey);
  // A primaryKey of the wrong type was reported by the schema; do not also report it missing.
  const malformed = model.fields.some((field) => {
    const value = Object.hasOwn(field.raw, 'primaryKey') ? field.raw['primaryKey'] : false;
    return typeof value !== 'boolean';
  });

  if (keys.length === 0 && !malformed && model.fields.length > 0) {
    const message = `model "${model.name}" has no primary key; mark one field with primaryKey: true`;
    reporter.report('spec.primary-key', message, model.path, 'key');
  }

  const [first, ...extra] = keys;
  for (const field of extra) {
    const firstName = first?.name ?? '';
    const message = `model "${model.name}" has more than one primary key: "${firstName}" and "${field.name}"`;
    const related = first === undefined ? undefined : at([...first.path, 'primaryKey']);
    reporter.report('spec.primary-key', message, [...field.path, 'primaryKey'], 'value', related);
  }

  for (const field of keys) checkPrimaryKeyField(`${model.name}.${field.name}`, field, reporter);
}

function checkPrimaryKeyField(name: string, field: FieldDraft, reporter: IssueReporter): void {
  const report = (message: string, key: string): void =>
    reporter.report('spec.primary-key', message, [...field.path, key], 'value');
  const unencrypted = 'keys are stored unencrypted so that rows can be found and referenced';

  if (field.optional) report(`primary key "${name}" cannot be optional`, 'optional');
  if (field.phi !== undefined) report(`primary key "${name}" cannot be PHI; ${unencrypted}`, 'phi');
  if (field.sensitive) {
    report(`primary key "${name}" cannot be sensitive; ${unencrypted}`, 'sensitive');
  }
  if (field.type !== undefined && !primaryKeyTypes.includes(field.type)) {
    const expected = 'expected uuid, string or integer';
    report(`primary key "${name}" has type ${field.type}; ${expected}`, 'type');
  }
}

function checkField(
  model: ModelDraft,
  field: FieldDraft,
  index: SpecIndex,
  reporter: IssueReporter,
): void {
  const name = `${model.name}.${field.name}`;
  const has = (key: string): boolean => Object.hasOwn(field.raw, key);
  const type = field.type;

  if (type === 'enum' && !has('values')) {
    const message = `missing required property "values" for enum field "${name}"`;
    reporter.report('spec.missing-property', message, field.path, 'key');
  }
  if (type !== undefined) {
    onlyOn(type !== 'enum', 'values', 'enum fields');
    onlyOn(type !== 'code', 'system', 'code fields');
    onlyOn(!patternTypes.includes(type), 'pattern', 'string, text and code fields');
  }

  if (field.pattern !== undefined) checkPattern(field, reporter);
  if (field.lookup !== undefined) checkLookup(name, field, reporter);
  if (field.references !== undefined) checkReference(name, field, index, reporter);

  function onlyOn(misplaced: boolean, key: string, allowed: string): void {
    if (!misplaced || !has(key)) return;
    const message = `"${key}" is allowed only on ${allowed}; field "${name}" has type ${type ?? 'unknown'}`;
    reporter.report('spec.property-not-allowed', message, [...field.path, key], 'key');
  }
}

function checkPattern(field: FieldDraft, reporter: IssueReporter): void {
  try {
    // The u flag gives the strictest ECMAScript syntax and allows escapes such as \p{L}.
    new RegExp(field.pattern ?? '', 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^.*: /, '') : 'invalid syntax';
    const message = `invalid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
    reporter.report('spec.invalid-pattern', message, [...field.path, 'pattern'], 'value');
  }
}

function checkLookup(name: string, field: FieldDraft, reporter: IssueReporter): void {
  const path = [...field.path, 'lookup'];
  if (field.phi === undefined && !field.sensitive) {
    const message = `"lookup" needs an encrypted field; mark "${name}" phi or sensitive, or query it directly`;
    reporter.report('spec.property-not-allowed', message, path, 'key');
    return;
  }
  if (field.type !== undefined && !lookupTypes.includes(field.type)) {
    const types = lookupTypes.join(', ');
    const message = `"lookup: exact" is allowed on ${types} fields; field "${name}" has type ${field.type}`;
    reporter.report('spec.property-not-allowed', message, path, 'key');
  }
}

function checkReference(
  name: string,
  field: FieldDraft,
  index: SpecIndex,
  reporter: IssueReporter,
): void {
  const path = [...field.path, 'references'];
  const target = index.models.get(field.references ?? '');

  if (target === undefined) {
    const reference = field.references ?? '';
    const message = suggest(
      `unknown model "${reference}" in references`,
      reference,
      [...index.models.keys()],
    );
    reporter.report('spec.unknown-model', message, path, 'value');
    return;
  }

  if (field.phi !== undefined || field.sensitive) {
    const message = `reference field "${name}" cannot be encrypted; the database checks a foreign key against the stored value`;
    reporter.report('spec.property-not-allowed', message, path, 'key');
  }

  const keys = target.fields.filter((candidate) => candidate.primaryKey);
  const key = keys.length === 1 ? keys[0] : undefined;
  if (key?.type !== undefined && field.type !== undefined && key.type !== field.type) {
    const keyName = `${target.name}.${key.name}`;
    const message = `field "${name}" has type ${field.type}, but the primary key "${keyName}" it references has type ${key.type}`;
    reporter.report('spec.reference-type', message, [...field.path, 'type'], 'value');
  }
}

function checkLinks(model: ModelDraft, index: SpecIndex, reporter: IssueReporter): void {
  if (model.subject && model.tenant) {
    const message = `model "${model.name}" cannot be both subject (a patient) and tenant (an organization)`;
    reporter.report('spec.invalid-link', message, [...model.path, 'tenant'], 'value');
  }

  checkLink(model, 'patient', 'subject', index, reporter);
  checkLink(model, 'organization', 'tenant', index, reporter);
}

/** Checks `patient:` or `organization:`: a field of this model that references the marked model. */
function checkLink(
  model: ModelDraft,
  link: 'patient' | 'organization',
  marker: 'subject' | 'tenant',
  index: SpecIndex,
  reporter: IssueReporter,
): void {
  const target = index[marker];
  const fieldName = model[link];
  if (fieldName === undefined) return;
  const path = [...model.path, link];

  if (model[marker]) {
    const records = link === 'patient' ? 'patients' : 'organizations';
    const message = `the ${marker} model "${model.name}" needs no ${link} link; its own records are the ${records}`;
    reporter.report('spec.invalid-link', message, path, 'key');
    return;
  }

  const field = model.fields.find((candidate) => candidate.name === fieldName);
  if (field === undefined) {
    const candidates = model.fields.map((candidate) => candidate.name);
    const unknown = `unknown field "${fieldName}" in model "${model.name}"`;
    reporter.report('spec.unknown-field', suggest(unknown, fieldName, candidates), path, 'value');
    return;
  }

  if (target === undefined) {
    const message = `"${link}: ${fieldName}" needs a model marked ${marker}: true, and there is none`;
    reporter.report('spec.invalid-link', message, path, 'value');
    return;
  }
  // A reference to an unknown model is reported where it is written.
  const unknownReference = field.references !== undefined && !index.models.has(field.references);
  if (field.references !== target.name && !unknownReference) {
    const actual = field.references === undefined ? 'no model' : `model "${field.references}"`;
    const message = `${link} link "${model.name}.${fieldName}" must reference the ${marker} model "${target.name}", but it references ${actual}`;
    reporter.report('spec.invalid-link', message, path, 'value');
  }
}

/** Checks that fields map to distinct columns, blind index columns included. */
function checkColumns(model: ModelDraft, reporter: IssueReporter): void {
  const columns = new Map<string, { readonly field: FieldDraft; readonly kind: string }>();

  const claim = (column: string, field: FieldDraft, kind: string, path: SpecPath): void => {
    const owner = `${kind} "${column}" of field "${model.name}.${field.name}"`;
    if (column.length > maxIdentifierLength) {
      const message = `${owner} is longer than ${maxIdentifierLength} characters`;
      reporter.report('spec.identifier-too-long', message, path, 'key');
    }

    const first = columns.get(column);
    if (first === undefined) {
      columns.set(column, { field, kind });
      return;
    }
    const message = `${owner} is also the ${first.kind} of field "${first.field.name}"`;
    reporter.report('spec.duplicate-column', message, path, 'key', at(first.field.path, 'key'));
  };

  for (const field of model.fields) claim(field.column, field, 'column', field.path);
  for (const field of model.fields) {
    if (field.lookup === undefined) continue;
    const lookupPath = [...field.path, 'lookup'];
    claim(`${field.column}${blindIndexSuffix}`, field, 'blind index column', lookupPath);
  }
}

function checkSingleMarker(
  models: readonly ModelDraft[],
  marker: 'subject' | 'tenant',
  reporter: IssueReporter,
): void {
  const [first, ...extra] = models.filter((model) => model[marker]);
  if (first === undefined) return;

  const meaning = marker === 'subject' ? 'patients' : 'organizations';
  for (const model of extra) {
    const message = `only one model may be marked ${marker}: true (the model of ${meaning}); "${first.name}" already is`;
    const related = at([...first.path, marker]);
    reporter.report(`spec.duplicate-${marker}`, message, [...model.path, marker], 'value', related);
  }
}

function checkTables(models: readonly ModelDraft[], reporter: IssueReporter): void {
  const tables = new Map<string, ModelDraft>();

  for (const model of models) {
    const explicit = model.tableExplicit;
    const path = explicit ? [...model.path, 'table'] : model.path;
    const mode = explicit ? 'value' : 'key';

    if (model.table.length > maxIdentifierLength) {
      const limit = `${maxIdentifierLength} characters`;
      const message = `table name "${model.table}" of model "${model.name}" is longer than ${limit}; set a shorter "table"`;
      reporter.report('spec.identifier-too-long', message, path, mode);
    }

    const first = tables.get(model.table);
    if (first === undefined) {
      tables.set(model.table, model);
      continue;
    }
    // Two default table names clash only when the model names differ in case or underscores,
    // which the name checks already report.
    if (!explicit && !first.tableExplicit) continue;

    const message = `model "${model.name}" uses table "${model.table}", which model "${first.name}" already uses; set "table" to another name`;
    const related = first.tableExplicit ? at([...first.path, 'table']) : at(first.path, 'key');
    reporter.report('spec.duplicate-table', message, path, mode, related);
  }
}

function at(path: SpecPath, mode: LocateMode = 'value'): RelatedPlace {
  return { path, mode };
}
