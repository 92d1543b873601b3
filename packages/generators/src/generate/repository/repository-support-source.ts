/**
 * The body of the generated `repositories/repository-support.ts`: the RecordStore that runs the
 * calls of every repository (authorize, row scope in SQL, transaction, projection, audit) and the
 * types that repositories share. The text is the same for every spec; each repository module
 * passes its model's SQL and encoders in.
 */
export const repositorySupportSource = `import {
  AccessDeniedError,
  deidentifyRecord,
  HspecRuntimeError,
  type AccessRequest,
  type Action,
  type AuditAlertHook,
  type AuditEntry,
  type AuditOutcome,
  type AuditRecord,
  type Decision,
  type DecisionReason,
  type DeidModelRules,
  type FieldCipher,
  type RecordLinks,
  type SafeHarbor,
  type Scope,
} from '@hspec/runtime';

import { checkInput, ownField } from '../check-input.js';
import type { ModelTable } from '../model-table.js';
import {
  authorize,
  type DeidentifiedRole,
  type EmergencyViews,
  type ModelName,
  type Role,
  type RoleViews,
} from '../policy.js';
import { auditEvents } from './audit-events.js';

/** The maximum number of rows in one page; a larger \`limit\` is lowered to it. */
export const maxPageSize = 500;

/** The maximum number of prepared statements that one repository keeps. */
const maxCachedStatements = 128;

/** A value that SQLite stores in a column or binds to a \`?\` parameter. */
export type SqlValue = string | number | bigint | null;

/** The part of a better-sqlite3 statement that repositories use. */
export interface RepositoryStatement {
  run(...parameters: unknown[]): unknown;
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

/**
 * The part of a better-sqlite3 database that repositories use; a better-sqlite3 \`Database\` fits
 * as it is. The audit log must write through the same connection, so that the audit record of
 * a call commits or rolls back with its data.
 */
export interface RepositoryDatabase {
  prepare(sql: string): RepositoryStatement;
  transaction<A extends unknown[], T>(run: (...args: A) => T): { immediate(...args: A): T };
}

/** An audit log that appends a record inside the caller's transaction, such as SqliteAuditLog. */
export interface RepositoryAuditLog {
  appendSync(entry: AuditEntry): AuditRecord;
  /**
   * Delivers the alerts of records appended inside a transaction that has since committed.
   * Repositories call it after each transaction of theirs ends.
   */
  flushAlerts?(): void;
}

/** The options of every repository constructor. */
export interface RepositoryOptions {
  readonly database: RepositoryDatabase;
  readonly cipher: FieldCipher;
  readonly auditLog: RepositoryAuditLog;
  /**
   * Receives each audit record whose \`alert\` is set, after its transaction commits. An error it
   * throws reaches the caller, although the call's data and audit record are already committed.
   * An audit log with an alert hook of its own calls that one too, so give the hook to one of
   * them only.
   */
  readonly alert?: AuditAlertHook | undefined;
  /**
   * De-identifies what a de-identified role reads (45 CFR 164.514(b)(2)): dates to years, ZIP
   * codes to three digits, keys to pseudonyms. A read by such a role without it throws
   * HarborRequiredError.
   */
  readonly harbor?: SafeHarbor | undefined;
}

/**
 * Raised when a de-identified role reads through a repository that has no \`harbor\` option, so
 * that its Safe Harbor projection cannot be made. The attempt is audited as a failure.
 */
export class HarborRequiredError extends HspecRuntimeError {
  declare readonly code: 'repository.harbor-required';
  readonly model: string;

  constructor(model: string) {
    super(
      'repository.harbor-required',
      'missing harbor option: a de-identified read of ' +
        model +
        ' needs a SafeHarbor, such as createSafeHarbor() of the generated deid module',
    );
    this.model = model;
  }
}

/**
 * A page request: at most \`limit\` rows whose primary key sorts after \`after\`. For a
 * de-identified role \`after\` is the row offset that the previous page returned as \`next\`.
 */
export interface PageRequest<K> {
  /** The number of rows to return, a whole number from 1; above maxPageSize it is lowered. */
  readonly limit: number;
  /** The \`next\` key of the previous page; leave it out to read the first page. */
  readonly after?: K | undefined;
}

/**
 * The type of a page's \`next\` and \`after\` for a request in role R: the primary key K, or a
 * row offset for a de-identified role, because a primary key identifies its record. For a role
 * known only as a string, either.
 */
export type PageKey<R extends string, K> = R extends Role
  ? R extends DeidentifiedRole
    ? number
    : K
  : K | number;

/** One page of records in primary key order. */
export interface Page<T, K> {
  readonly items: readonly T[];
  /** The key to pass as \`after\` for the following page, or null when no rows follow. */
  readonly next: K | null;
}

/** A request whose subject acts in role R, so that reads are typed with the views of R. */
export type RoleRequest<R extends string> = AccessRequest & {
  readonly subject: { readonly role: R };
};

/**
 * The fields of model M that role R reads: its view in RoleViews, merged with its break-glass
 * view in EmergencyViews when it has one, because a break-glass read returns the emergency
 * grants' fields. When R is only known as a string, the union over every role.
 */
export type ViewOf<R extends string, M extends string> = R extends Role
  ? EitherView<ViewIn<RoleViews[R], M>, ViewIn<EmergencyViews[R], M>>
  : ViewOf<Role, M>;

type ViewIn<Views, M extends string> = Views extends { readonly [K in M]: infer View }
  ? View
  : never;

/** One type that fits a read of either view: only a field that both require stays required. */
type EitherView<A, B> = [A] extends [never]
  ? B
  : [B] extends [never]
    ? A
    : Flatten<Partial<A & B> & Pick<A, Extract<RequiredKey<A> & RequiredKey<B>, keyof A>>>;

type RequiredKey<T> = {
  [K in keyof T]-?: Pick<T, K> extends Required<Pick<T, K>> ? K : never;
}[keyof T];

type Flatten<T> = { [K in keyof T]: T[K] };

/** A record under construction that contains only the fields a decision allows. */
export type Projection<T> = { -readonly [K in keyof T]?: T[K] };

/** The names of the fields that a decision allows. */
export type FieldNames = ReadonlySet<string>;

/** The fields that an update may set: the input fields but the primary key, each optional. */
export type ChangesOf<Input, Key extends keyof Input> = Partial<Omit<Input, Key>>;

/** The SQL condition that limits rows to one scope, and the subject id that it binds. */
export interface ScopeCondition {
  /** A condition on the table aliased "record", with one \`?\` parameter. */
  readonly sql: string;
  readonly subjectId: 'patientId' | 'organizationId';
}

/** The SQL that one repository runs; every statement aliases its table "record". */
export interface RepositorySql {
  /** Selects the stored columns with the row links \`$patient_id\` and \`$organization_id\`. */
  readonly select: string;
  readonly insert: string;
  /** The start of an UPDATE statement, up to and including \`SET \`. */
  readonly update: string;
  readonly delete: string;
  /** The qualified primary key column, which pages are ordered by. */
  readonly primaryKey: string;
  /** Tells whether a row exists whatever the scope, to audit why a read found nothing. */
  readonly exists: string;
  /**
   * Reads the organization of a patient by id, as \`organizationId\`, for a model linked to a
   * patient whose subject model has an organization link. Writes use it to check that the
   * patient exists and that a record belongs to its patient's organization, and a model without
   * an organization field takes its organization from it.
   */
  readonly patientOrganization?: string;
  /** The condition on each blind index column, by field name. */
  readonly lookups: { readonly [field: string]: string };
  /** The row scope condition of each scope that the model's links decide; \`all\` needs none. */
  readonly scopes: { readonly [scope in Scope]?: ScopeCondition };
  /** The reference fields other than the row links, which writes check. */
  readonly references?: readonly ReferenceCheck[];
  /** The fields of other records that reference this model, which a move must not break. */
  readonly referencedBy?: readonly InboundCheck[];
}

/**
 * A field of a model that references this one. An update that moves a record to another
 * patient or organization is denied while such a record still names it from the old one.
 */
export interface InboundCheck {
  readonly model: string;
  readonly field: string;
  /** Parameters: the key; the new patient id twice; the new organization id twice; the key. */
  readonly sql: string;
  readonly samePatient: boolean;
  readonly sameOrganization: boolean;
  readonly self: boolean;
}

/**
 * A field that names a record of another model, other than the patient and organization links.
 * A write may only name a record that exists. Unless that record is an organization, it must
 * belong to the organization of the record written, and to its patient when it has one.
 */
export interface ReferenceCheck {
  readonly field: string;
  /** The model that the field references. */
  readonly target: string;
  readonly column: string;
  /** Reads the named record's links by its key, as \`patientId\` and \`organizationId\`. */
  readonly sql: string;
  readonly samePatient: boolean;
  readonly sameOrganization: boolean;
}

/** The model-specific parts of a repository, which each generated repository module defines. */
export interface RepositoryModel<Row, Input, Changes, Key extends SqlValue> {
  readonly name: ModelName;
  readonly table: ModelTable;
  readonly sql: RepositorySql;
  /**
   * The fields that store a record's patient id and organization id, where the record itself
   * stores them. A model that reaches its organization through its patient names no
   * organization field, and takes its organization from \`sql.patientOrganization\`.
   */
  readonly links: { readonly patient?: string; readonly organization?: string };
  keyOf(row: Row): Key;
  encrypt(input: Input, cipher: FieldCipher): Row;
  insertParameters(row: Row): SqlValue[];
  project(row: Row, fields: FieldNames, cipher: FieldCipher): object;
  change(stored: Row, changes: Changes, cipher: FieldCipher): RowUpdate;
  /** The Safe Harbor rules of the model, present when a de-identified role may read it. */
  readonly deidRules?: DeidModelRules;
}

/** One record of an export: the fields that the export decision for its row allows. */
export interface ExportedRecord<T> {
  readonly record: Projection<T>;
  /** The fields that the decision allows, in model order; a field left out is masked. */
  readonly fields: readonly string[];
  readonly links: RecordLinks;
}

/** A row as a read selects it: the stored columns, then the row links that the query resolved. */
export type LinkedRow<Row> = Row & {
  readonly $patient_id: string | null;
  readonly $organization_id: string | null;
};

/** The columns that an update sets, and the fields whose new value differs from the stored one. */
export class RowUpdate {
  readonly columns = new Map<string, SqlValue>();
  readonly changedFields: string[] = [];

  /** Sets a column to a value in stored form. */
  set(column: string, value: SqlValue): void {
    this.columns.set(column, value);
  }

  /** Records a field as changed unless its stored and new values are equal. */
  compare(field: string, stored: unknown, value: unknown): void {
    if (!sameValue(stored, value)) {
      this.changedFields.push(field);
    }
  }
}

/** An object read by property name, such as an input or a stored row. */
type Values = { readonly [name: string]: unknown };

/** A WHERE clause in parts: conditions that are joined with AND, and their parameters. */
interface Where {
  readonly conditions: string[];
  readonly parameters: SqlValue[];
}

/** The links that a write gives a record, and the denial that its patient link causes. */
interface WrittenLinks {
  readonly links: RecordLinks;
  /**
   * The audit detail of a patient link that the write may not make: \`patient-not-found\` or
   * \`patient-out-of-scope\`. Null when the link passes or did not change.
   */
  readonly patientDenial: string | null;
}

/** The end of a call: its result and audit record, or the reason it is denied. */
type CallOutcome<T> =
  | { readonly kind: 'done'; readonly value: T; readonly record: AuditRecord }
  | {
      readonly kind: 'denied';
      readonly reason: DecisionReason;
      readonly detail: string;
      readonly fields: readonly string[];
      readonly emergency: boolean;
    }
  | { readonly kind: 'not-found' };

/** The facts about a call that its audit record states. */
interface CallFacts {
  readonly recordIds: readonly SqlValue[];
  readonly fields: readonly string[];
  readonly emergency: boolean;
  readonly changedFields: readonly string[] | null;
  readonly detail: string | null;
}

/** One row that a read returns, with the decision that projected it. */
interface ReadRow<Key> {
  readonly key: Key;
  readonly view: object;
  readonly decision: Decision;
}

/**
 * Runs the calls of one generated repository. Each call authorizes the request and limits rows
 * to the decision's scopes inside the SQL WHERE clause. It decrypts only the fields that the
 * decision for each row allows, and appends one audit record in the same transaction as its
 * reads and writes. A denied call is audited in a transaction of its own and then throws
 * AccessDeniedError. A call that fails rolls back, is audited as a failure, and rethrows.
 */
export class RecordStore<Row, Input, Changes, Key extends SqlValue> {
  readonly #model: RepositoryModel<Row, Input, Changes, Key>;
  readonly #database: RepositoryDatabase;
  readonly #cipher: FieldCipher;
  readonly #auditLog: RepositoryAuditLog;
  readonly #alert: AuditAlertHook | undefined;
  readonly #harbor: SafeHarbor | undefined;
  readonly #statements = new Map<string, RepositoryStatement>();
  readonly #transaction: { immediate(work: () => unknown): unknown };

  constructor(model: RepositoryModel<Row, Input, Changes, Key>, options: RepositoryOptions) {
    this.#model = model;
    this.#database = options.database;
    // One transaction function for every call, because better-sqlite3 builds a new one on each
    // \`transaction()\`. IMMEDIATE takes the write lock at BEGIN, since every call writes its
    // audit record, and a read lock upgraded later could fail with SQLITE_BUSY.
    this.#transaction = options.database.transaction((work: () => unknown) => work());
    this.#cipher = options.cipher;
    this.#auditLog = options.auditLog;
    this.#alert = options.alert;
    this.#harbor = options.harbor;
  }

  /** Inserts a record after checking the create grant against its links and its fields. */
  insert(request: AccessRequest, input: Input): void {
    const key = ownField(input as Values, this.#model.table.primaryKey.field);
    const recordIds = typeof key === 'string' || typeof key === 'number' ? [key] : [];
    this.#call(request, 'create', recordIds, (requestDecision) => {
      const links = this.#writtenLinks(input as Values, undefined);
      const decision = authorize(request, 'create', this.#model.name, links.links);
      if (!decision.allowed) {
        return denied(decision, decision.reason, []);
      }
      if (links.patientDenial !== null) {
        return linkDenied(decision, links.patientDenial, []);
      }
      const written = presentFields(this.#model.table, input, 'null-is-absent');
      const rejected = written.filter((field) => !decision.fields.includes(field));
      if (rejected.length > 0) {
        return denied(decision, 'field-not-granted', rejected);
      }

      // encrypt checks the input first, so a malformed reference fails as invalid.
      const row = this.#model.encrypt(input, this.#cipher);
      const reference = this.#referenceDenial(input as Values, links.links, undefined, key);
      if (reference !== null) {
        return linkDenied(decision, reference.detail, [reference.field]);
      }
      this.#statement(this.#model.sql.insert).run(...this.#model.insertParameters(row));
      return this.#done(request, 'create', undefined, {
        recordIds: [this.#model.keyOf(row)],
        fields: written,
        emergency: requestDecision.emergency || decision.emergency,
        changedFields: [...written].sort(compareCodeUnits),
        detail: null,
      });
    });
  }

  /** Reads one record in the request's view, or returns undefined when no row is in scope. */
  get(request: AccessRequest, key: Key): object | undefined {
    return this.#call(request, 'read', [key], (requestDecision, where) => {
      const row = this.#selectOne(key, where);
      const read = row === undefined ? undefined : this.#read(request, row);
      if (read === undefined) {
        return { kind: 'not-found' };
      }
      return this.#done(request, 'read', read.view, {
        recordIds: [key],
        fields: read.decision.fields,
        emergency: requestDecision.emergency || read.decision.emergency,
        changedFields: null,
        detail: deidentifiedDetail(read.decision),
      });
    });
  }

  /**
   * Reads a page of the records whose blind index of \`field\` equals the index of a value. A
   * de-identified role may not search by a field that Safe Harbor does not keep, because finding
   * a record by its identifier re-identifies it.
   */
  findBy(
    request: AccessRequest,
    field: string,
    index: () => string,
    page: PageRequest<Key | number>,
  ): Page<object, Key | number> {
    const condition = ownField(this.#model.sql.lookups, field);
    if (condition === undefined) {
      throw new Error(this.#model.name + '.' + field + ' has no blind index');
    }
    const found = this.#call(request, 'read', [], (requestDecision, where) => {
      if (requestDecision.deidentified && !this.#keptBySafeHarbor(field)) {
        return {
          kind: 'denied',
          reason: 'deidentified-only',
          detail: 'deidentified-lookup',
          fields: [field],
          emergency: requestDecision.emergency,
        };
      }
      const lookup: Where = {
        conditions: [condition, ...where.conditions],
        parameters: [index(), ...where.parameters],
      };
      return this.#readPage(request, requestDecision, lookup, page);
    });
    return found ?? { items: [], next: null };
  }

  /** Reads a page of the records in scope, in primary key order. */
  list(request: AccessRequest, page: PageRequest<Key | number>): Page<object, Key | number> {
    const found = this.#call(request, 'read', [], (requestDecision, where) =>
      this.#readPage(request, requestDecision, where, page),
    );
    return found ?? { items: [], next: null };
  }

  /**
   * Reads, for an export, every record in scope linked to one patient (\`patient\`) or to one
   * organization (\`organization\`), in primary key order. Each row is decided with the export
   * action on its own links and carries only the fields that the decision allows. One audit record
   * lists the exported ids and fields. With \`required\`, finding no record denies the export,
   * as a write that finds no row does.
   */
  exportLinked(
    request: AccessRequest,
    link: 'patient' | 'organization',
    id: string,
    required: boolean,
  ): readonly ExportedRecord<unknown>[] {
    const condition = this.#model.sql.scopes[link === 'patient' ? 'self' : 'organization'];
    if (condition === undefined) {
      throw new Error(this.#model.name + ' has no ' + link + ' link to export by');
    }
    const recordIds = required ? [id] : [];
    const found = this.#call(request, 'export', recordIds, (requestDecision, where) => {
      const filter = [condition.sql, ...where.conditions].join(' AND ');
      const sql =
        this.#model.sql.select + ' WHERE ' + filter + ' ORDER BY ' + this.#model.sql.primaryKey;
      const rows = this.#statement(sql).all(id, ...where.parameters) as LinkedRow<Row>[];

      const exported: ExportedRecord<unknown>[] = [];
      const keys: Key[] = [];
      const decisions: Decision[] = [];
      for (const row of rows) {
        const links = linksOf(row);
        // The SQL condition selected the row by this link; the check keeps the two in agreement.
        if ((link === 'patient' ? links.patientId : links.organizationId) !== id) {
          continue;
        }
        const decision = authorize(request, 'export', this.#model.name, links);
        if (!decision.allowed) {
          continue;
        }
        const fields = new Set(decision.fields);
        const record = this.#model.project(row, fields, this.#cipher);
        exported.push({ record, fields: decision.fields, links });
        keys.push(this.#model.keyOf(row));
        decisions.push(decision);
      }
      if (required && exported.length === 0) {
        return { kind: 'not-found' };
      }
      return this.#done(request, 'export', exported, {
        recordIds: keys,
        fields: unionFields(this.#model.table, decisions),
        emergency: requestDecision.emergency || decisions.some((decision) => decision.emergency),
        changedFields: null,
        detail: null,
      });
    });
    return found ?? [];
  }

  /**
   * Changes the fields present in \`changes\` of one record in scope. The primary key is never
   * written, and every changed field must be one that the update grant for the record covers.
   */
  update(request: AccessRequest, key: Key, changes: Changes): void {
    this.#call(request, 'update', [key], (requestDecision, where) => {
      const table = this.#model.table;
      const written = presentFields(table, changes, 'null-is-value');
      if (written.includes(table.primaryKey.field)) {
        return denied(requestDecision, 'primary-key-not-writable', [table.primaryKey.field]);
      }
      const stored = this.#selectOne(key, where);
      if (stored === undefined) {
        return { kind: 'not-found' };
      }
      const decision = authorize(request, 'update', this.#model.name, linksOf(stored));
      if (!decision.allowed) {
        return denied(decision, decision.reason, []);
      }
      const rejected = written.filter((field) => !decision.fields.includes(field));
      if (rejected.length > 0) {
        return denied(decision, 'field-not-granted', rejected);
      }
      // A changed patient or organization link moves the record, so the update grant must also
      // cover the record where it lands.
      const links = linksOf(stored);
      const moved = this.#writtenLinks(changes as Values, links);
      const landed = moved.links;
      if (landed.patientId !== links.patientId || landed.organizationId !== links.organizationId) {
        const landing = authorize(request, 'update', this.#model.name, landed);
        if (!landing.allowed) {
          return denied(landing, 'moved-out-of-scope', []);
        }
      }
      if (moved.patientDenial !== null) {
        return linkDenied(decision, moved.patientDenial, []);
      }
      if (this.#leavesReferencesBehind(key, landed, links)) {
        return linkDenied(decision, 'moved-while-referenced', []);
      }

      const checked = table.fields.filter((field) => written.includes(field.name));
      checkInput({ ...table, fields: checked }, changes as object);
      const reference = this.#referenceDenial(changes as Values, landed, stored, key);
      if (reference !== null) {
        return linkDenied(decision, reference.detail, [reference.field]);
      }
      const rowChanges = this.#model.change(stored, changes, this.#cipher);
      this.#updateRow(key, where, rowChanges);
      return this.#done(request, 'update', undefined, {
        recordIds: [key],
        fields: written,
        emergency: requestDecision.emergency || decision.emergency,
        changedFields: [...rowChanges.changedFields].sort(compareCodeUnits),
        detail: null,
      });
    });
  }

  /** Deletes one record in scope. */
  delete(request: AccessRequest, key: Key): void {
    this.#call(request, 'delete', [key], (requestDecision, where) => {
      const stored = this.#selectOne(key, where);
      if (stored === undefined) {
        return { kind: 'not-found' };
      }
      const decision = authorize(request, 'delete', this.#model.name, linksOf(stored));
      if (!decision.allowed) {
        return denied(decision, decision.reason, []);
      }

      const keyed = withKey(this.#model.sql.primaryKey, key, where);
      const sql = this.#model.sql.delete + ' WHERE ' + keyed.conditions.join(' AND ');
      this.#statement(sql).run(...keyed.parameters);
      const table = this.#model.table;
      return this.#done(request, 'delete', undefined, {
        recordIds: [key],
        fields: table.fields.map((field) => field.name),
        emergency: requestDecision.emergency || decision.emergency,
        changedFields: storedFields(table, stored).sort(compareCodeUnits),
        detail: null,
      });
    });
  }

  /**
   * Authorizes a request, runs \`work\` in an immediate transaction with the WHERE parts of the
   * decision's scopes, and audits the outcome. A read that finds no row in scope returns
   * undefined. A write that finds none throws AccessDeniedError with reason \`out-of-scope\`.
   * Both treat a row outside the scope like a missing one.
   */
  #call<T>(
    request: AccessRequest,
    action: Action,
    recordIds: readonly SqlValue[],
    work: (decision: Decision, where: Where) => CallOutcome<T>,
  ): T | undefined {
    const decision = authorize(request, action, this.#model.name);
    const where = decision.allowed
      ? scopeWhere(this.#model.sql.scopes, decision.scopes, request)
      : undefined;
    if (where === undefined) {
      const reason = decision.allowed ? 'out-of-scope' : decision.reason;
      this.#auditDenied(request, action, {
        recordIds,
        fields: [],
        emergency: decision.emergency,
        changedFields: null,
        detail: reason,
      });
      throw this.#accessDenied(request, action, reason);
    }
    if (decision.deidentified && (this.#harbor === undefined || !this.#model.deidRules)) {
      const error = new HarborRequiredError(this.#model.name);
      this.#auditFailure(request, action, recordIds, decision, error);
      throw error;
    }

    let outcome: CallOutcome<T>;
    try {
      outcome = this.#inTransaction(() => work(decision, where));
    } catch (error) {
      this.#auditFailure(request, action, recordIds, decision, error);
      throw error;
    }

    switch (outcome.kind) {
      case 'done':
        this.#deliverAlerts(outcome.record);
        return outcome.value;
      case 'denied':
        this.#auditDenied(request, action, {
          recordIds,
          fields: outcome.fields,
          emergency: outcome.emergency,
          changedFields: null,
          detail: outcome.detail,
        });
        throw this.#accessDenied(request, action, outcome.reason);
      case 'not-found':
        this.#auditDenied(request, action, {
          recordIds,
          fields: [],
          emergency: decision.emergency,
          changedFields: null,
          detail: this.#missingDetail(recordIds),
        });
        if (action === 'read') {
          return undefined;
        }
        throw this.#accessDenied(request, action, 'out-of-scope');
    }
  }

  /**
   * Reads one page. A de-identified role pages by row offset instead of by primary key, because
   * the key of the last row, returned as \`next\`, would tie a pseudonym to its record.
   */
  #readPage(
    request: AccessRequest,
    requestDecision: Decision,
    where: Where,
    page: PageRequest<Key | number>,
  ): CallOutcome<Page<object, Key | number>> {
    const limit = pageLimit(page.limit);
    const byOffset = requestDecision.deidentified;
    const offset = byOffset && page.after !== undefined ? pageOffset(page.after) : 0;
    const sql = this.#model.sql;
    const conditions = [...where.conditions];
    const parameters: SqlValue[] = [...where.parameters];
    if (page.after !== undefined && !byOffset) {
      conditions.push(sql.primaryKey + ' > ?');
      parameters.push(page.after);
    }
    const filter = conditions.length === 0 ? '' : ' WHERE ' + conditions.join(' AND ');
    const ordered = sql.select + filter + ' ORDER BY ' + sql.primaryKey + ' LIMIT ?';
    const statement = byOffset ? ordered + ' OFFSET ?' : ordered;
    // One row more than the page shows whether another page follows.
    parameters.push(limit + 1);
    if (byOffset) {
      parameters.push(offset);
    }
    const rows = this.#statement(statement).all(...parameters) as LinkedRow<Row>[];

    const pageRows = rows.slice(0, limit);
    const reads: ReadRow<Key>[] = [];
    for (const row of pageRows) {
      const read = this.#read(request, row);
      if (read !== undefined) {
        reads.push(read);
      }
    }
    const last = pageRows[pageRows.length - 1];
    let next: Key | number | null = null;
    if (rows.length > limit && last !== undefined) {
      next = byOffset ? offset + limit : this.#model.keyOf(last);
    }
    const value: Page<object, Key | number> = { items: reads.map((read) => read.view), next };
    return this.#done(request, 'read', value, {
      recordIds: reads.map((read) => read.key),
      fields: unionFields(
        this.#model.table,
        reads.map((read) => read.decision),
      ),
      emergency: requestDecision.emergency || reads.some((read) => read.decision.emergency),
      changedFields: null,
      detail: deidentifiedDetail(requestDecision),
    });
  }

  /**
   * Decides a read of one selected row by its links and decrypts the fields that the decision
   * allows. A row that the decision denies, although the scope condition selected it, is left
   * out, so that the SQL and the policy must agree before a row is returned.
   */
  #read(request: AccessRequest, row: LinkedRow<Row>): ReadRow<Key> | undefined {
    const decision = authorize(request, 'read', this.#model.name, linksOf(row));
    if (!decision.allowed) {
      return undefined;
    }
    const projection = this.#model.project(row, new Set(decision.fields), this.#cipher);
    const view = decision.deidentified ? this.#deidentify(projection) : projection;
    return { key: this.#model.keyOf(row), view, decision };
  }

  /**
   * Returns the Safe Harbor projection of a record that a de-identified role reads, with
   * \`ageOver89\` beside a birth year, so that the 90-or-older group stays countable after its
   * birth year is withheld.
   */
  #deidentify(projection: object): object {
    const rules = this.#model.deidRules;
    const harbor = this.#harbor;
    if (rules === undefined || harbor === undefined) {
      throw new HarborRequiredError(this.#model.name);
    }
    const values = projection as Values;
    const deidentified = deidentifyRecord(rules, values, harbor);
    for (const rule of rules.fields) {
      if (rule.action === 'birth-year' && Object.hasOwn(values, rule.field)) {
        const birthDate = values[rule.field] as string | null;
        deidentified['ageOver89'] = harbor.ageOver89(birthDate);
      }
    }
    return deidentified;
  }

  /** Tells whether Safe Harbor keeps a field unchanged, which only a non-identifier is. */
  #keptBySafeHarbor(field: string): boolean {
    const rule = this.#model.deidRules?.fields.find((candidate) => candidate.field === field);
    return rule?.action === 'keep';
  }

  #selectOne(key: Key, where: Where): LinkedRow<Row> | undefined {
    const keyed = withKey(this.#model.sql.primaryKey, key, where);
    const sql = this.#model.sql.select + ' WHERE ' + keyed.conditions.join(' AND ');
    return this.#statement(sql).get(...keyed.parameters) as LinkedRow<Row> | undefined;
  }

  #updateRow(key: Key, where: Where, changes: RowUpdate): void {
    if (changes.columns.size === 0) {
      return;
    }
    const assignments: string[] = [];
    const values: SqlValue[] = [];
    for (const [column, value] of changes.columns) {
      assignments.push(quoteIdentifier(column) + ' = ?');
      values.push(value);
    }
    const keyed = withKey(this.#model.sql.primaryKey, key, where);
    const sql =
      this.#model.sql.update + assignments.join(', ') + ' WHERE ' + keyed.conditions.join(' AND ');
    this.#statement(sql).run(...values, ...keyed.parameters);
  }

  /**
   * Resolves the links of a record from its field values: of a new record when \`stored\` is
   * undefined, else of a stored record after an update, where a link that the update leaves
   * alone keeps its stored value. When a link is new, the record's patient is read in the
   * write's transaction. The patient must exist, and a record that names its own organization
   * must belong to its patient's organization. A model without an organization field takes
   * its patient's organization.
   */
  #writtenLinks(values: Values, stored: RecordLinks | undefined): WrittenLinks {
    const fields = this.#model.links;
    const supplies = (field: string | undefined): field is string =>
      field !== undefined && (stored === undefined || ownField(values, field) !== undefined);

    const patientId = supplies(fields.patient)
      ? linkId(ownField(values, fields.patient))
      : (stored?.patientId ?? null);
    const organizationId = supplies(fields.organization)
      ? linkId(ownField(values, fields.organization))
      : (stored?.organizationId ?? null);
    const links: RecordLinks = { patientId, organizationId };

    const sql = this.#model.sql.patientOrganization;
    const changed =
      stored === undefined ||
      patientId !== stored.patientId ||
      organizationId !== stored.organizationId;
    if (sql === undefined || !changed) {
      return { links, patientDenial: null };
    }
    const patient =
      patientId === null ? undefined : (this.#statement(sql).get(patientId) as Values | undefined);
    if (fields.organization === undefined) {
      // The record's organization is its patient's, and none when it has no patient.
      const resolved = { patientId, organizationId: linkId(patient?.['organizationId']) };
      const missing = patientId !== null && patient === undefined;
      return { links: resolved, patientDenial: missing ? 'patient-not-found' : null };
    }
    if (patientId === null) {
      return { links, patientDenial: null };
    }
    if (patient === undefined) {
      return { links, patientDenial: 'patient-not-found' };
    }
    const sameOrganization = linkId(patient['organizationId']) === organizationId;
    return { links, patientDenial: sameOrganization ? null : 'patient-out-of-scope' };
  }

  /**
   * Checks the reference fields that a write gives a value, and on an update that moves the
   * record to another patient or organization, the stored references too. Returns the first
   * field that names a missing record (\`reference-not-found\`), a record of another
   * organization (\`reference-out-of-scope\`) or of another patient
   * (\`reference-other-patient\`), with that detail. Returns null when every reference passes.
   * Runs after the input check, and passes a record that names itself, as a parent link may.
   */
  #referenceDenial(
    values: Values,
    links: RecordLinks,
    stored: LinkedRow<Row> | undefined,
    ownKey: unknown,
  ): { readonly field: string; readonly detail: string } | null {
    const moved =
      stored !== undefined &&
      (links.patientId !== stored.$patient_id || links.organizationId !== stored.$organization_id);
    for (const check of this.#model.sql.references ?? []) {
      const written = ownField(values, check.field);
      const value = written === undefined && moved ? (stored as Values)[check.column] : written;
      if (typeof value !== 'string' && typeof value !== 'number') {
        continue;
      }
      if (check.target === this.#model.name && value === ownKey) {
        continue;
      }
      const target = this.#statement(check.sql).get(value) as Values | undefined;
      if (target === undefined) {
        return { field: check.field, detail: 'reference-not-found' };
      }
      const organizationId = linkId(target['organizationId']);
      if (
        check.sameOrganization &&
        organizationId !== null &&
        links.organizationId !== null &&
        organizationId !== links.organizationId
      ) {
        return { field: check.field, detail: 'reference-out-of-scope' };
      }
      const patientId = linkId(target['patientId']);
      if (
        check.samePatient &&
        patientId !== null &&
        links.patientId !== null &&
        patientId !== links.patientId
      ) {
        return { field: check.field, detail: 'reference-other-patient' };
      }
    }
    return null;
  }

  /**
   * Tells whether moving a record to new links would leave a record that references it on
   * another patient or organization than the one the reference check demands.
   */
  #leavesReferencesBehind(key: Key, landed: RecordLinks, stored: RecordLinks): boolean {
    if (landed.patientId === stored.patientId && landed.organizationId === stored.organizationId) {
      return false;
    }
    for (const check of this.#model.sql.referencedBy ?? []) {
      const parameters: SqlValue[] = [key];
      if (check.samePatient) parameters.push(landed.patientId, landed.patientId);
      if (check.sameOrganization) parameters.push(landed.organizationId, landed.organizationId);
      if (check.self) parameters.push(key);
      if (this.#statement(check.sql).get(...parameters) !== undefined) {
        return true;
      }
    }
    return false;
  }

  /** Tells why a row was not found: it is missing, or it exists outside the request's scope. */
  #missingDetail(recordIds: readonly SqlValue[]): string {
    const key = recordIds[0];
    if (key === undefined) {
      return 'not-found';
    }
    const exists = this.#statement(this.#model.sql.exists).get(key) !== undefined;
    return exists ? 'out-of-scope' : 'not-found';
  }

  #done<T>(request: AccessRequest, action: Action, value: T, facts: CallFacts): CallOutcome<T> {
    const record = this.#auditLog.appendSync(this.#entry(request, action, 'success', facts));
    return { kind: 'done', value, record };
  }

  /** Audits a denied call in a transaction of its own. */
  #auditDenied(request: AccessRequest, action: Action, facts: CallFacts): void {
    const entry = this.#entry(request, action, 'denied', facts);
    const record = this.#inTransaction(() => this.#auditLog.appendSync(entry));
    this.#deliverAlerts(record);
  }

  #accessDenied(request: AccessRequest, action: Action, reason: DecisionReason): AccessDeniedError {
    return new AccessDeniedError({
      role: request.subject.role,
      action,
      model: this.#model.name,
      reason,
    });
  }

  /**
   * Audits a call that threw after its transaction rolled back. The caller then receives the
   * first error, which names the cause, even when auditing the failure or alerting fails too.
   */
  #auditFailure(
    request: AccessRequest,
    action: Action,
    recordIds: readonly SqlValue[],
    decision: Decision,
    error: unknown,
  ): void {
    const entry = this.#entry(request, action, 'failure', {
      recordIds,
      fields: [],
      emergency: decision.emergency,
      changedFields: null,
      detail: errorCode(error),
    });
    try {
      const record = this.#inTransaction(() => this.#auditLog.appendSync(entry));
      this.#deliverAlerts(record);
    } catch {
      // The first error is the one to report.
    }
  }

  #entry(
    request: AccessRequest,
    action: Action,
    outcome: AuditOutcome,
    facts: CallFacts,
  ): AuditEntry {
    const event = auditEvents[action];
    return {
      event: event.name,
      action,
      outcome,
      userId: request.subject.userId,
      role: request.subject.role,
      model: this.#model.name,
      recordIds: facts.recordIds.map(String),
      fields: facts.fields,
      purposeOfUse: request.purposeOfUse ?? null,
      reason: request.reason ?? null,
      emergency: facts.emergency,
      changedFields: event.diff ? facts.changedFields : null,
      alert: event.alert || facts.emergency,
      detail: facts.detail,
      requestId: null,
    };
  }

  /** Runs \`work\` in an IMMEDIATE transaction, or in a savepoint inside the caller's one. */
  #inTransaction<T>(work: () => T): T {
    // The transaction function returns what \`work\` returns, so the assertion only restores T.
    return this.#transaction.immediate(work) as T;
  }

  /**
   * Runs after a transaction of the repository commits: the audit log delivers the alerts it
   * held back until the commit, and the repository's hook receives the call's record when it
   * alerts. Inside a caller's transaction the audit log keeps its alerts until that one commits.
   */
  #deliverAlerts(record: AuditRecord): void {
    this.#auditLog.flushAlerts?.();
    if (record.alert && this.#alert !== undefined) {
      this.#alert(record);
    }
  }

  /**
   * Prepares a statement once per SQL text. The texts come from fixed parts, but an update has
   * one per set of changed columns, so the cache starts over when it reaches its bound.
   */
  #statement(sql: string): RepositoryStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      if (this.#statements.size >= maxCachedStatements) {
        this.#statements.clear();
      }
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** Returns the audit detail of a successful read: \`deidentified\` for Safe Harbor output. */
function deidentifiedDetail(decision: Decision): string | null {
  return decision.deidentified ? 'deidentified' : null;
}

function denied<T>(decision: Decision, detail: string, fields: readonly string[]): CallOutcome<T> {
  const reason: DecisionReason = decision.allowed ? 'no-grant' : decision.reason;
  return { kind: 'denied', reason, detail, fields, emergency: decision.emergency };
}

/**
 * Denies a write whose patient, or a record that it references, does not exist or lies outside
 * the record's organization or patient. All get the reason of a row outside the scope, so that
 * a caller cannot tell whether an id of another organization exists. The audit detail and
 * fields tell them apart.
 */
function linkDenied<T>(
  decision: Decision,
  detail: string,
  fields: readonly string[],
): CallOutcome<T> {
  const emergency = decision.emergency;
  return { kind: 'denied', reason: 'out-of-scope', detail, fields, emergency };
}

/**
 * Builds the WHERE parts that limit rows to the decision's scopes: none for \`all\`, else the
 * scope conditions joined with OR. A scope contributes nothing when the model has no condition
 * for it or the subject lacks the id it binds, and undefined means that no row is in scope.
 */
function scopeWhere(
  conditions: RepositorySql['scopes'],
  scopes: readonly Scope[],
  request: AccessRequest,
): Where | undefined {
  if (scopes.includes('all')) {
    return { conditions: [], parameters: [] };
  }
  const alternatives: string[] = [];
  const parameters: SqlValue[] = [];
  for (const scope of scopes) {
    const condition = conditions[scope];
    const subjectId = condition === undefined ? undefined : request.subject[condition.subjectId];
    if (condition === undefined || subjectId === undefined || subjectId === '') {
      continue;
    }
    alternatives.push(condition.sql);
    parameters.push(subjectId);
  }
  if (alternatives.length === 0) {
    return undefined;
  }
  return { conditions: ['(' + alternatives.join(' OR ') + ')'], parameters };
}

function withKey(primaryKey: string, key: SqlValue, where: Where): Where {
  return {
    conditions: [primaryKey + ' = ?', ...where.conditions],
    parameters: [key, ...where.parameters],
  };
}

/** Turns a link field value into the text that RecordLinks and the subject's ids use. */
function linkId(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function linksOf(row: LinkedRow<unknown>): RecordLinks {
  return { patientId: row.$patient_id, organizationId: row.$organization_id };
}

/**
 * Lists the fields that a write sets, in model order: those present as own properties and not
 * undefined. An insert treats null as absent; an update writes null to clear a field.
 */
function presentFields(
  table: ModelTable,
  values: unknown,
  nulls: 'null-is-absent' | 'null-is-value',
): string[] {
  const record = values as Values;
  const present: string[] = [];
  for (const field of table.fields) {
    const value = ownField(record, field.name);
    if (value === undefined || (value === null && nulls === 'null-is-absent')) {
      continue;
    }
    present.push(field.name);
  }
  return present;
}

/** Lists the fields whose column is not null in a stored row, without decrypting one. */
function storedFields(table: ModelTable, row: unknown): string[] {
  const columns = row as Values;
  return table.fields
    .filter((field) => {
      const value = ownField(columns, field.column);
      return value !== null && value !== undefined;
    })
    .map((field) => field.name);
}

function unionFields(table: ModelTable, decisions: readonly Decision[]): string[] {
  const read = new Set(decisions.flatMap((decision) => decision.fields));
  return table.fields.filter((field) => read.has(field.name)).map((field) => field.name);
}

/** Checks the \`after\` of a de-identified page, which is the row offset of the page to read. */
function pageOffset(after: unknown): number {
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
    throw new RangeError(
      'invalid after for a de-identified page: pass the row offset that the previous page ' +
        'returned as next',
    );
  }
  return after;
}

function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError('page limit must be a whole number from 1, got ' + String(limit));
  }
  return Math.min(limit, maxPageSize);
}

/** Compares a stored value with a new one: instants by time, JSON values by their text. */
function sameValue(stored: unknown, value: unknown): boolean {
  if (stored === value) {
    return true;
  }
  if (stored instanceof Date && value instanceof Date) {
    return stored.getTime() === value.getTime();
  }
  if (typeof stored === 'object' && typeof value === 'object' && stored !== null) {
    return value !== null && JSON.stringify(stored) === JSON.stringify(value);
  }
  return false;
}

/** Names an error for the audit record by its code or class, never by its message. */
function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { readonly code: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
  }
  return error instanceof Error ? error.name : 'error';
}

function quoteIdentifier(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

function compareCodeUnits(left: string, right: string): number {
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}
`;
