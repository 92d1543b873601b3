import type { FieldIR, ModelIR } from '../../ir/spec-ir.js';
import { primaryKeyField } from '../model-context.js';
import { quoteIdentifier } from '../sql-syntax.js';

/** The alias of the model's own table in every repository statement. */
const recordAlias = quoteIdentifier('record');

/** The alias of the subject (patient) table inside the subqueries that resolve organizations. */
const patientAlias = quoteIdentifier('patient');

/** The row scope condition of one scope and the subject id that it binds. */
export interface ScopeConditionText {
  readonly sql: string;
  readonly subjectId: 'patientId' | 'organizationId';
}

/** A reference field that writes check against the record it names. */
export interface ReferenceCheckText {
  readonly field: string;
  readonly target: string;
  readonly column: string;
  /** Reads the named record's row links by its key, as `patientId` and `organizationId`. */
  readonly sql: string;
  /** True when the named record has a patient link, so it must belong to the same patient. */
  readonly samePatient: boolean;
  /**
   * True when the named record must belong to the same organization: every model but the
   * tenant model, since a record may name another organization (a referring clinic, say).
   */
  readonly sameOrganization: boolean;
}

/**
 * Records of a model that reference this one, which must still pass their own reference check
 * when this record moves to another patient or organization.
 */
export interface InboundCheckText {
  readonly model: string;
  readonly field: string;
  /**
   * Finds one referencing row that the move would leave behind. Its parameters: this record's
   * key; with `samePatient`, the new patient id twice; with `sameOrganization`, the new
   * organization id twice; with `self`, this record's key again.
   */
  readonly sql: string;
  readonly samePatient: boolean;
  readonly sameOrganization: boolean;
  /** True for a model that references itself, whose moving row is left out. */
  readonly self: boolean;
}

/** The SQL of one model's repository, as the generated `RepositorySql` constant contains it. */
export interface RepositorySqlText {
  readonly select: string;
  readonly insert: string;
  readonly update: string;
  readonly delete: string;
  readonly primaryKey: string;
  readonly exists: string;
  /** Reads a patient's organization by the patient's id, for a model linked to a patient. */
  readonly patientOrganization: string | undefined;
  /** The condition on each blind index column, in field order. */
  readonly lookups: readonly (readonly [field: string, sql: string])[];
  readonly self: ScopeConditionText | undefined;
  readonly organization: ScopeConditionText | undefined;
  /** The reference fields other than the row links, in field order. */
  readonly references: readonly ReferenceCheckText[];
  /** The fields of every model that reference this one, in model and field order. */
  readonly referencedBy: readonly InboundCheckText[];
}

/**
 * The row links of a model, as the spec's markers define them: where a row names its patient
 * and its organization. An organization `through-patient` is the organization of the row's
 * patient, read from the subject table.
 */
type Links =
  | { readonly kind: 'subject'; readonly organization: FieldIR | undefined }
  | { readonly kind: 'tenant' }
  | {
      readonly kind: 'linked';
      readonly patient: FieldIR | undefined;
      readonly organization: FieldIR | 'through-patient' | undefined;
    };

/**
 * Builds the SQL of a model's repository for SQLite. Identifiers are double-quoted and values
 * are always `?` parameters. Each statement aliases the model's table "record", so that scope
 * conditions read the same in SELECT, UPDATE and DELETE. Link columns are cast to TEXT when the
 * key they hold is stored as an integer, because the subject's ids and RecordLinks are text.
 */
export function repositorySql(
  model: ModelIR,
  subject: ModelIR | undefined,
  modelsByName: ReadonlyMap<string, ModelIR>,
): RepositorySqlText {
  const table = quoteIdentifier(model.table);
  const key = primaryKeyField(model);
  const keyColumn = column(key);
  const links = modelLinks(model, subject);
  const linked = linkExpressions(model, links, subject);

  const insertColumns = model.fields.flatMap((field) =>
    field.lookupColumn === undefined ? [field.column] : [field.column, field.lookupColumn],
  );
  const columnList = insertColumns.map(quoteIdentifier).join(', ');
  const placeholders = insertColumns.map(() => '?').join(', ');

  return {
    select:
      `SELECT ${recordAlias}.*, ${linked.patient} AS ${quoteIdentifier('$patient_id')}, ` +
      `${linked.organization} AS ${quoteIdentifier('$organization_id')} ` +
      `FROM ${table} AS ${recordAlias}`,
    insert: `INSERT INTO ${table} (${columnList}) VALUES (${placeholders})`,
    update: `UPDATE ${table} AS ${recordAlias} SET `,
    delete: `DELETE FROM ${table} AS ${recordAlias}`,
    primaryKey: keyColumn,
    exists: `SELECT 1 FROM ${table} WHERE ${quoteIdentifier(key.column)} = ?`,
    patientOrganization: patientOrganizationSql(links, subject),
    lookups: model.fields.flatMap((field) =>
      field.lookupColumn === undefined
        ? []
        : [[field.name, `${recordAlias}.${quoteIdentifier(field.lookupColumn)} = ?`] as const],
    ),
    self: selfCondition(model, links),
    organization: organizationCondition(model, links, subject),
    references: referenceChecks(model, subject, modelsByName),
    referencedBy: inboundChecks(model, subject, modelsByName),
  };
}

/**
 * Builds the checks of the records that reference a model, for an update that moves a record
 * of it. They mirror the checks those records pass when written: a record that names this one
 * must keep its patient, when this model has a patient link, and its organization. A patient
 * link from another model checks the organization of a record that stores its own. The tenant
 * model's records never move, so nothing references them in a way a move could break.
 */
function inboundChecks(
  model: ModelIR,
  subject: ModelIR | undefined,
  modelsByName: ReadonlyMap<string, ModelIR>,
): InboundCheckText[] {
  const links = modelLinks(model, subject);
  if (links.kind === 'tenant') {
    return [];
  }
  const checks: InboundCheckText[] = [];
  for (const { other, field } of referencesTo(modelsByName).get(model.name) ?? []) {
    if (field.name === other.organizationField) {
      continue;
    }
    const otherLinks = modelLinks(other, subject);
    const linked = linkExpressions(other, otherLinks, subject);
    const isPatientLink = field.name === other.patientField;
    // A patient link is checked against the patient's organization only when the record
    // stores its own. A record that takes its organization from the patient moves with it.
    const ownOrganization =
      otherLinks.kind === 'linked' &&
      otherLinks.organization !== undefined &&
      otherLinks.organization !== 'through-patient';
    const samePatient = !isPatientLink && links.kind === 'linked' && links.patient !== undefined;
    const sameOrganization = isPatientLink ? ownOrganization : true;
    if (!samePatient && !sameOrganization) {
      continue;
    }
    const self = other.name === model.name;
    const conditions = [
      samePatient ? differs(linked.patient) : undefined,
      sameOrganization ? differs(linked.organization) : undefined,
    ].filter((condition) => condition !== undefined);
    const key = `${recordAlias}.${quoteIdentifier(primaryKeyField(other).column)}`;
    const sql =
      `SELECT 1 FROM ${quoteIdentifier(other.table)} AS ${recordAlias} ` +
      `WHERE ${column(field)} = ? AND (${conditions.join(' OR ')})` +
      (self ? ` AND ${key} <> ?` : '') +
      ' LIMIT 1';
    const check = { model: other.name, field: field.name, sql };
    checks.push({ ...check, samePatient, sameOrganization, self });
  }
  return checks;
}

const referenceIndexes = new WeakMap<
  ReadonlyMap<string, ModelIR>,
  Map<string, { readonly other: ModelIR; readonly field: FieldIR }[]>
>();

/** Indexes the reference fields of every model by the model they name, once per spec. */
function referencesTo(
  modelsByName: ReadonlyMap<string, ModelIR>,
): Map<string, { readonly other: ModelIR; readonly field: FieldIR }[]> {
  let index = referenceIndexes.get(modelsByName);
  if (index === undefined) {
    index = new Map();
    for (const other of modelsByName.values()) {
      for (const field of other.fields) {
        if (field.references === undefined) continue;
        const list = index.get(field.references) ?? [];
        list.push({ other, field });
        index.set(field.references, list);
      }
    }
    referenceIndexes.set(modelsByName, index);
  }
  return index;
}

/**
 * Builds the condition that a link differs from a new link that is not null. The new link is
 * bound twice, as two parameters.
 */
function differs(expression: string): string {
  return `(? IS NOT NULL AND ${expression} IS NOT NULL AND ${expression} <> ?)`;
}

/**
 * Builds the checks of the fields that reference another model, other than the patient and
 * organization links, which writes check on their own. A write may only name a record that
 * exists. A record other than an organization must belong to the organization of the record
 * written, and to its patient when it has one, so a note cannot point at another patient's visit.
 */
function referenceChecks(
  model: ModelIR,
  subject: ModelIR | undefined,
  modelsByName: ReadonlyMap<string, ModelIR>,
): ReferenceCheckText[] {
  const rowLinks = new Set([model.patientField, model.organizationField]);
  return model.fields.flatMap((field) => {
    const target = field.references === undefined ? undefined : modelsByName.get(field.references);
    if (target === undefined || rowLinks.has(field.name)) {
      return [];
    }
    const links = modelLinks(target, subject);
    const linked = linkExpressions(target, links, subject);
    const key = quoteIdentifier(primaryKeyField(target).column);
    const sql =
      `SELECT ${linked.patient} AS ${quoteIdentifier('patientId')}, ` +
      `${linked.organization} AS ${quoteIdentifier('organizationId')} ` +
      `FROM ${quoteIdentifier(target.table)} AS ${recordAlias} WHERE ${recordAlias}.${key} = ?`;
    const samePatient = links.kind === 'linked' && links.patient !== undefined;
    const sameOrganization = links.kind !== 'tenant';
    const check = { field: field.name, target: target.name, column: field.column, sql };
    return [{ ...check, samePatient, sameOrganization }];
  });
}

/**
 * Checks that every row link field can be compared as text: a string-like key or an integer.
 * Throws with the model and field otherwise.
 */
export function checkLinkTypes(model: ModelIR, subject: ModelIR | undefined): void {
  const links = modelLinks(model, subject);
  const linkFields: FieldIR[] = [];
  if (links.kind === 'linked') {
    for (const field of [links.patient, links.organization]) {
      if (field !== undefined && field !== 'through-patient') {
        linkFields.push(field);
      }
    }
  } else {
    linkFields.push(primaryKeyField(model));
    if (links.kind === 'subject' && links.organization !== undefined) {
      linkFields.push(links.organization);
    }
  }

  const unusable = new Set(['boolean', 'datetime', 'json']);
  for (const field of linkFields) {
    if (unusable.has(field.type)) {
      throw new Error(
        `cannot generate the repository of ${model.name}: row link ${model.name}.${field.name} ` +
          `has type ${field.type}; a patient or organization key must be a string, uuid, ` +
          'code, enum, decimal, date or integer',
      );
    }
  }
}

function modelLinks(model: ModelIR, subject: ModelIR | undefined): Links {
  const organization = findField(model, model.organizationField);
  if (model.subject) {
    return { kind: 'subject', organization };
  }
  if (model.tenant) {
    return { kind: 'tenant' };
  }

  const patient = findField(model, model.patientField);
  const subjectOrganization = subject === undefined ? undefined : subject.organizationField;
  const throughPatient = patient !== undefined && subjectOrganization !== undefined;
  return {
    kind: 'linked',
    patient,
    organization: organization ?? (throughPatient ? 'through-patient' : undefined),
  };
}

function linkExpressions(
  model: ModelIR,
  links: Links,
  subject: ModelIR | undefined,
): { readonly patient: string; readonly organization: string } {
  const key = primaryKeyField(model);
  switch (links.kind) {
    case 'subject':
      return {
        patient: asText(column(key), key),
        organization: links.organization === undefined ? 'NULL' : linkColumn(links.organization),
      };
    case 'tenant':
      return { patient: 'NULL', organization: asText(column(key), key) };
    case 'linked':
      return {
        patient: links.patient === undefined ? 'NULL' : linkColumn(links.patient),
        organization: linkedOrganization(links, subject),
      };
  }
}

function linkedOrganization(
  links: Extract<Links, { kind: 'linked' }>,
  subject: ModelIR | undefined,
): string {
  if (links.organization === undefined) {
    return 'NULL';
  }
  if (links.organization !== 'through-patient') {
    return linkColumn(links.organization);
  }

  const { table, key, organization } = subjectParts(subject);
  const patient = links.patient === undefined ? 'NULL' : column(links.patient);
  const value = asText(`${patientAlias}.${quoteIdentifier(organization.column)}`, organization);
  return (
    `(SELECT ${value} FROM ${table} AS ${patientAlias} ` +
    `WHERE ${patientAlias}.${quoteIdentifier(key.column)} = ${patient})`
  );
}

function selfCondition(model: ModelIR, links: Links): ScopeConditionText | undefined {
  if (links.kind === 'subject') {
    return { sql: `${column(primaryKeyField(model))} = ?`, subjectId: 'patientId' };
  }
  if (links.kind === 'linked' && links.patient !== undefined) {
    return { sql: `${column(links.patient)} = ?`, subjectId: 'patientId' };
  }
  return undefined;
}

function organizationCondition(
  model: ModelIR,
  links: Links,
  subject: ModelIR | undefined,
): ScopeConditionText | undefined {
  if (links.kind === 'tenant') {
    return { sql: `${column(primaryKeyField(model))} = ?`, subjectId: 'organizationId' };
  }
  if (links.kind === 'subject') {
    const organization = links.organization;
    return organization === undefined
      ? undefined
      : { sql: `${column(organization)} = ?`, subjectId: 'organizationId' };
  }
  const organization = links.organization;
  if (organization === undefined) {
    return undefined;
  }
  if (organization !== 'through-patient') {
    return { sql: `${column(organization)} = ?`, subjectId: 'organizationId' };
  }
  if (links.patient === undefined) {
    return undefined;
  }

  // The row names only its patient, so the scope keeps the rows whose patient belongs to the
  // subject's organization.
  const parts = subjectParts(subject);
  const patients =
    `SELECT ${patientAlias}.${quoteIdentifier(parts.key.column)} ` +
    `FROM ${parts.table} AS ${patientAlias} ` +
    `WHERE ${patientAlias}.${quoteIdentifier(parts.organization.column)} = ?`;
  return { sql: `${column(links.patient)} IN (${patients})`, subjectId: 'organizationId' };
}

/**
 * Builds the query that reads a patient's organization, for a model linked to a patient whose
 * subject model has an organization link. Writes run it to check the patient link, and a
 * model whose organization is its patient's also takes its organization from it.
 */
function patientOrganizationSql(links: Links, subject: ModelIR | undefined): string | undefined {
  if (links.kind !== 'linked' || links.patient === undefined) {
    return undefined;
  }
  if (subject === undefined || subject.organizationField === undefined) {
    return undefined;
  }
  const { table, key, organization } = subjectParts(subject);
  const value = asText(quoteIdentifier(organization.column), organization);
  return (
    `SELECT ${value} AS ${quoteIdentifier('organizationId')} FROM ${table} ` +
    `WHERE ${quoteIdentifier(key.column)} = ?`
  );
}

function subjectParts(subject: ModelIR | undefined): {
  readonly table: string;
  readonly key: FieldIR;
  readonly organization: FieldIR;
} {
  const organization =
    subject === undefined ? undefined : findField(subject, subject.organizationField);
  if (subject === undefined || organization === undefined) {
    throw new Error('the subject model has no organization link to resolve organizations by');
  }
  return { table: quoteIdentifier(subject.table), key: primaryKeyField(subject), organization };
}

function findField(model: ModelIR, name: string | undefined): FieldIR | undefined {
  if (name === undefined) {
    return undefined;
  }
  const field = model.fields.find((candidate) => candidate.name === name);
  if (field === undefined) {
    throw new Error(`model ${model.name} links through unknown field ${name}`);
  }
  return field;
}

function column(field: FieldIR): string {
  return `${recordAlias}.${quoteIdentifier(field.column)}`;
}

function linkColumn(field: FieldIR): string {
  return asText(column(field), field);
}

/** Casts a key column to TEXT when SQLite stores it as an integer. */
function asText(expression: string, field: FieldIR): string {
  return field.type === 'integer' ? `CAST(${expression} AS TEXT)` : expression;
}
