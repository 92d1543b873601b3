import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import Database from 'better-sqlite3';

import {
  FieldCipher,
  Keyring,
  SafeHarbor,
  SqliteAuditLog,
  type AccessRequest,
  type AuditEntry,
  type AuditRecord,
  type FieldContext,
  type ValueType,
  type ValueTypes,
} from '@hspec/runtime';
import { generateFiles } from '../../../../src/generate/generate-files.js';
import type { SpecIR } from '../../../../src/ir/spec-ir.js';
import { contentsOf } from '../../support/file-lines.js';
import { writeGeneratedOutput } from '../../support/generated-output.js';
import { insertRow, type SqlRow } from '../../support/sqlite-rows.js';
import { accessSpec } from './access-spec.js';

/** A record as a repository returns it, read by field name. */
export type Values = { readonly [field: string]: unknown };

/** The methods of a generated repository that the tests call, loosely typed. */
export interface Repository {
  insert(request: AccessRequest, input: Values): void;
  get(request: AccessRequest, id: string | number): Values | undefined;
  list(request: AccessRequest, page: PageRequest): Page;
  update(request: AccessRequest, id: string | number, changes: Values): void;
  delete(request: AccessRequest, id: string | number): void;
}

export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
}

export interface Page {
  readonly items: readonly Values[];
  readonly next: string | null;
}

type FindBy = (request: AccessRequest, value: string, page?: PageRequest) => Page;

type RepositoryClass = new (options: object) => Repository;

/** The generated modules that the tests load. */
export interface GeneratedCode {
  readonly folder: string;
  readonly schema: string;
  readonly repositories: { readonly [name: string]: RepositoryClass };
  readonly encrypt: (model: string, input: Values, cipher: FieldCipher) => SqlRow;
}

/**
 * Generates the code of a spec into a scratch folder and imports its repositories and model
 * modules. Each test file passes its own folder name, because test files run in parallel.
 */
export async function loadGeneratedCode(
  name: string,
  spec: SpecIR = accessSpec(),
): Promise<GeneratedCode> {
  const files = generateFiles(spec);
  const folder = writeGeneratedOutput(name, files);
  const repositories = (await import(
    pathToFileURL(join(folder, 'repositories/index.ts')).href
  )) as { readonly [name: string]: RepositoryClass };
  const models = (await import(pathToFileURL(join(folder, 'index.ts')).href)) as {
    readonly [name: string]: unknown;
  };
  const encrypt = (model: string, input: Values, cipher: FieldCipher): SqlRow => {
    const encryptModel = models[`encrypt${model}`] as (
      input: Values,
      cipher: FieldCipher,
    ) => SqlRow;
    return encryptModel(input, cipher);
  };
  return { folder, schema: contentsOf(files, 'schema.sql'), repositories, encrypt };
}

/** A FieldCipher that records the column of every envelope it decrypts. */
export class RecordingCipher extends FieldCipher {
  readonly decrypted: string[] = [];

  override decrypt<T extends ValueType>(
    type: T,
    envelope: string,
    context: FieldContext,
  ): ValueTypes[T] {
    this.decrypted.push(`${context.table}.${context.column}`);
    return super.decrypt(type, envelope, context);
  }
}

/** A better-sqlite3 database seen through the part that repositories use, recording its SQL. */
export interface RecordedDatabase {
  prepare(sql: string): Database.Statement;
  transaction<T>(run: () => T): Database.Transaction<() => T>;
  /** Every SQL text prepared, in order. */
  readonly statements: string[];
  /** The number of rows that each `all` call returned, with its SQL. */
  readonly rowCounts: { readonly sql: string; readonly rows: number }[];
}

/** One test's world: a fresh database with the schema and an audit log, and repositories on it. */
export interface Clinic {
  readonly database: Database.Database;
  readonly recorded: RecordedDatabase;
  readonly cipher: RecordingCipher;
  readonly alerts: AuditRecord[];
  /** For each alert, whether a transaction was still open when the hook ran. */
  readonly alertsInTransaction: boolean[];
  /** The alerts that the audit log's own hook received. */
  readonly logAlerts: AuditRecord[];
  readonly repository: (model: string) => Repository;
  readonly findBy: (model: string, method: string) => FindBy;
  /** Inserts a record directly, encrypted but without a repository or an audit record. */
  readonly seed: (model: string, table: string, input: Values) => void;
  /** Every audit record, in sequence order. */
  readonly audit: () => AuditRecord[];
  /** Tells whether the hash chain of the audit log verifies. */
  readonly auditVerifies: () => boolean;
  /** Every column of every row of the audit tables as text, to scan for PHI values. */
  readonly auditText: () => string[];
}

/** What a repository calls on its audit log. */
export interface AuditLog {
  appendSync(entry: AuditEntry): AuditRecord;
  flushAlerts?(): void;
}

/** What a test may change about its clinic. */
export interface ClinicOptions {
  /** Puts another audit log, such as a failing one, in front of the SQLite audit log. */
  readonly wrapAuditLog?: (log: AuditLog) => AuditLog;
  /** Runs after the recording alert hook of the repositories. */
  readonly alert?: (record: AuditRecord) => void;
  /** De-identifies the reads of de-identified roles; without it such a read fails. */
  readonly harbor?: SafeHarbor;
}

/** Opens a fresh in-memory database with the generated schema and repositories over it. */
export function openClinic(code: GeneratedCode, clinicOptions: ClinicOptions = {}): Clinic {
  const wrapAuditLog = clinicOptions.wrapAuditLog ?? ((log: AuditLog) => log);
  const database = new Database(':memory:');
  database.pragma('foreign_keys = ON');
  database.exec(code.schema);
  const keyring = Keyring.from({
    activeKeyId: 'test-key-1',
    keys: [{ id: 'test-key-1', key: randomBytes(32), createdAt: undefined }],
    blindIndexKey: { id: 'test-blind-index', key: randomBytes(32), createdAt: undefined },
    auditKey: { id: 'test-audit', key: randomBytes(32), createdAt: undefined },
  });
  const logAlerts: AuditRecord[] = [];
  const sqliteAuditLog = new SqliteAuditLog(database, {
    keyring,
    alert: (record) => {
      logAlerts.push(record);
    },
  });
  sqliteAuditLog.ensureSchema();
  const auditLog = wrapAuditLog(sqliteAuditLog);
  const cipher = new RecordingCipher(keyring);
  const recorded = recordDatabase(database);
  const alerts: AuditRecord[] = [];
  const alertsInTransaction: boolean[] = [];
  const options = {
    database: recorded,
    cipher,
    auditLog,
    alert: (record: AuditRecord) => {
      alerts.push(record);
      alertsInTransaction.push(database.inTransaction);
      clinicOptions.alert?.(record);
    },
    harbor: clinicOptions.harbor,
  };

  const repository = (model: string): Repository => {
    const Class = code.repositories[`${model}Repository`];
    if (Class === undefined) {
      throw new Error(`no ${model}Repository was generated`);
    }
    return new Class(options);
  };
  return {
    database,
    recorded,
    cipher,
    alerts,
    alertsInTransaction,
    logAlerts,
    repository,
    findBy: (model, method) => {
      const instance = repository(model) as unknown as { readonly [name: string]: FindBy };
      const find = instance[method];
      if (find === undefined) {
        throw new Error(`${model}Repository has no method ${method}`);
      }
      return find.bind(instance);
    },
    seed: (model, table, input) => {
      insertRow(database, table, code.encrypt(model, input, cipher));
    },
    audit: () => [...sqliteAuditLog.records()],
    auditVerifies: () => sqliteAuditLog.verify().ok,
    auditText: () =>
      ['hspec_audit_log', 'hspec_audit_checkpoints'].flatMap((table) =>
        (database.prepare(`SELECT * FROM ${table}`).all() as Values[]).flatMap((row) =>
          Object.values(row).map((value) => String(value)),
        ),
      ),
  };
}

function recordDatabase(database: Database.Database): RecordedDatabase {
  const statements: string[] = [];
  const rowCounts: { sql: string; rows: number }[] = [];
  return {
    statements,
    rowCounts,
    prepare: (sql) => {
      statements.push(sql);
      const statement = database.prepare(sql);
      const all = statement.all.bind(statement);
      // Counting the rows that SQLite returns shows what the WHERE clause kept, before the
      // repository looks at them.
      return Object.assign(statement, {
        all: (...parameters: unknown[]) => {
          const rows = all(...parameters);
          rowCounts.push({ sql, rows: rows.length });
          return rows;
        },
      });
    },
    transaction: (run) => database.transaction(run),
  };
}
