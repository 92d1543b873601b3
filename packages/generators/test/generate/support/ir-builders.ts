import type {
  FieldIR,
  FieldType,
  ModelIR,
  PhiKind,
  ProjectIR,
  SpecIR,
} from '../../../src/ir/spec-ir.js';
import { loadRestrictedZip3 } from '../../../src/validate/catalogs.js';

/** The spec options of a field that a fixture may set, with defaults for the rest. */
export interface FieldOptions {
  readonly optional?: boolean;
  readonly primaryKey?: boolean;
  readonly description?: string;
  readonly phi?: PhiKind;
  readonly sensitive?: boolean;
  readonly lookup?: 'exact';
  readonly pattern?: string;
  readonly references?: string;
  readonly system?: string;
  readonly values?: readonly string[];
  readonly column?: string;
}

/** The spec options of a model that a fixture may set. */
export interface ModelOptions {
  readonly table?: string;
  readonly description?: string;
  readonly tenant?: boolean;
  readonly subject?: boolean;
  readonly patientField?: string;
  readonly organizationField?: string;
  readonly file?: string;
}

/** Converts a field or model name to snake_case, as the IR builder does for columns and tables. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Builds a field with IR defaults: required, plaintext, column in snake_case. */
export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldIR {
  const column = options.column ?? snakeCase(name);
  const encrypted = options.phi !== undefined || options.sensitive === true;
  return {
    kind: 'field',
    name,
    column,
    type,
    optional: options.optional ?? false,
    primaryKey: options.primaryKey ?? false,
    description: options.description,
    phi: options.phi,
    sensitive: options.sensitive ?? false,
    encrypted,
    lookup: options.lookup,
    lookupColumn: options.lookup === 'exact' ? `${column}_bidx` : undefined,
    pattern: options.pattern,
    references: options.references,
    system: options.system,
    values: options.values,
    source: { file: 'specs/models.yaml', line: 1, column: 1 },
  };
}

/** Builds a model whose primary key is the field marked `primaryKey`, else the first field. */
export function model(
  name: string,
  fields: readonly FieldIR[],
  options: ModelOptions = {},
): ModelIR {
  const primaryKey = fields.find((candidate) => candidate.primaryKey) ?? fields[0];
  if (primaryKey === undefined) {
    throw new Error(`fixture model ${name} has no fields`);
  }
  const file = options.file ?? 'specs/models.yaml';
  return {
    kind: 'model',
    name,
    table: options.table ?? snakeCase(name),
    description: options.description,
    tenant: options.tenant ?? false,
    subject: options.subject ?? false,
    patientField: options.patientField,
    organizationField: options.organizationField,
    primaryKey: primaryKey.name,
    fields: fields.map((each) => ({ ...each, source: { ...each.source, file } })),
    source: { file, line: 1, column: 1 },
  };
}

/** Builds a `uuid` primary key named `id`. */
export function idField(): FieldIR {
  return field('id', 'uuid', { primaryKey: true });
}

/** Builds a spec IR holding only models, as the model generators need. */
export function spec(
  models: readonly ModelIR[],
  database: ProjectIR['database'] = 'sqlite',
): SpecIR {
  return {
    kind: 'spec',
    version: 1,
    project: {
      kind: 'project',
      root: '/project',
      configFile: 'hspec.yaml',
      specFiles: [...new Set(models.map((each) => each.source.file))].sort(),
      out: 'src/generated',
      database,
    },
    models,
    views: [],
    roles: [],
    audit: undefined,
    security: undefined,
    fhir: undefined,
    deidentification: {
      kind: 'deidentification',
      restrictedZip3: loadRestrictedZip3(),
      source: undefined,
    },
    tests: [],
  };
}
