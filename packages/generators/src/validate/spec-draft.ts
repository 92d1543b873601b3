import { snakeCase } from '../ir/snake-case.js';
import type { Action, FieldType, PhiKind, Scope } from '../ir/spec-ir.js';
import { isRecord } from '../loader/source-document.js';
import type { SpecPath } from '../loader/spec-path.js';

/**
 * The merged spec read into typed drafts, in spec order. Reading is lenient: a value of the
 * wrong type (which the JSON Schema check has already reported) reads as absent, so that the
 * semantic checks run on everything else without reporting the same problem twice.
 */
export interface SpecDraft {
  readonly models: readonly ModelDraft[];
  readonly views: readonly ViewDraft[];
  readonly roles: readonly RoleDraft[];
  readonly audit: AuditDraft | undefined;
  readonly security: SecurityDraft | undefined;
  /** The merged `fhir` section as plain data, for the FHIR mapping validator. */
  readonly fhir: unknown;
  readonly deidentification: DeidentificationDraft | undefined;
  readonly tests: readonly TestDraft[];
}

/** The `deidentification` section; its shape has passed the JSON Schema when it is read. */
export interface DeidentificationDraft {
  readonly path: SpecPath;
  readonly restrictedZip3:
    | { readonly census: number; readonly source: string; readonly prefixes: readonly string[] }
    | undefined;
}

/** A name written in a list, with the path of the list item. */
export interface NameRef {
  readonly name: string;
  readonly path: SpecPath;
}

export interface FieldDraft {
  readonly name: string;
  readonly path: SpecPath;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly type: FieldType | undefined;
  readonly description: string | undefined;
  readonly primaryKey: boolean;
  readonly optional: boolean;
  readonly phi: PhiKind | undefined;
  readonly sensitive: boolean;
  readonly lookup: 'exact' | undefined;
  readonly pattern: string | undefined;
  readonly references: string | undefined;
  readonly system: string | undefined;
  readonly values: readonly string[] | undefined;
  readonly column: string;
}

export interface ModelDraft {
  readonly name: string;
  readonly path: SpecPath;
  readonly description: string | undefined;
  /** `table:`, or the model name in snake_case. */
  readonly table: string;
  readonly tableExplicit: boolean;
  readonly tenant: boolean;
  readonly subject: boolean;
  readonly patient: string | undefined;
  readonly organization: string | undefined;
  readonly fields: readonly FieldDraft[];
}

export interface ViewDraft {
  readonly name: string;
  readonly path: SpecPath;
  readonly model: string | undefined;
  readonly description: string | undefined;
  readonly fields: readonly NameRef[] | undefined;
}

export interface GrantDraft {
  readonly path: SpecPath;
  readonly model: string | undefined;
  readonly actions: readonly Action[];
  readonly scope: Scope | undefined;
  readonly fields: readonly NameRef[] | undefined;
  readonly view: string | undefined;
  readonly purposes: readonly NameRef[] | undefined;
  readonly emergency: boolean;
}

export interface RoleDraft {
  readonly name: string;
  readonly path: SpecPath;
  readonly description: string | undefined;
  readonly inherits: readonly NameRef[];
  readonly deidentified: boolean;
  readonly grants: readonly GrantDraft[];
  readonly emergency: readonly GrantDraft[];
}

export interface AuditEventDraft {
  readonly path: SpecPath;
  readonly name: string | undefined;
  readonly actions: readonly Action[];
  readonly diff: boolean;
  readonly alert: boolean;
}

export interface AuditDraft {
  readonly path: SpecPath;
  readonly retention: string | undefined;
  readonly purposeOfUse: 'required' | 'optional' | undefined;
  readonly events: readonly AuditEventDraft[];
}

export interface SecurityDraft {
  readonly path: SpecPath;
  readonly sessions:
    | {
        readonly idleTimeout: string | undefined;
        readonly absoluteTimeout: string | undefined;
        readonly rolling: boolean | undefined;
        readonly store: 'redis' | 'memory' | undefined;
        readonly secure: boolean | undefined;
        readonly httpOnly: boolean | undefined;
        readonly sameSite: 'strict' | 'lax' | 'none' | undefined;
      }
    | undefined;
  readonly transport: { readonly requireTls: boolean | undefined } | undefined;
  readonly keys:
    | {
        readonly provider: string | undefined;
        readonly path: string | undefined;
        readonly rotateAfter: string | undefined;
      }
    | undefined;
}

export interface TestDraft {
  readonly path: SpecPath;
  readonly name: string | undefined;
  readonly role: string | undefined;
  readonly action: Action | undefined;
  readonly model: string | undefined;
  readonly purpose: string | undefined;
  readonly reason: string | undefined;
  readonly own: boolean;
  readonly sameOrganization: boolean;
  readonly expect: 'allow' | 'deny' | undefined;
  readonly fields: readonly NameRef[] | undefined;
  readonly withoutFields: readonly NameRef[] | undefined;
}

export const fieldTypes: readonly FieldType[] = [
  'string',
  'text',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'enum',
  'code',
  'json',
];

export const actions: readonly Action[] = ['read', 'create', 'update', 'delete', 'export'];
export const scopes: readonly Scope[] = ['self', 'organization', 'all'];

/** Reads the merged spec data into drafts. */
export function readSpecDraft(
  data: Readonly<Record<string, unknown>>,
  phiKinds: ReadonlySet<string>,
): SpecDraft {
  const tests = Array.isArray(data['tests']) ? data['tests'] : [];
  return {
    models: entries(data['models']).map(([name, value]) => readModel(name, value, phiKinds)),
    views: entries(data['views']).map(([name, value]) => readView(name, value)),
    roles: entries(data['roles']).map(([name, value]) => readRole(name, value)),
    audit: data['audit'] === undefined ? undefined : readAudit(data['audit']),
    security: data['security'] === undefined ? undefined : readSecurity(data['security']),
    fhir: data['fhir'],
    deidentification:
      data['deidentification'] === undefined
        ? undefined
        : readDeidentification(data['deidentification']),
    tests: tests.map((value, index) => readTest(value, index)),
  };
}

function readModel(name: string, value: unknown, phiKinds: ReadonlySet<string>): ModelDraft {
  const record = asRecord(value);
  const path = ['models', name];
  const table = text(record, 'table');

  return {
    name,
    path,
    description: text(record, 'description'),
    table: table ?? snakeCase(name),
    tableExplicit: table !== undefined,
    tenant: flag(record, 'tenant') ?? false,
    subject: flag(record, 'subject') ?? false,
    patient: text(record, 'patient'),
    organization: text(record, 'organization'),
    fields: entries(record['fields']).map(([fieldName, field]) =>
      readField(fieldName, field, [...path, 'fields', fieldName], phiKinds),
    ),
  };
}

function readField(
  name: string,
  value: unknown,
  path: SpecPath,
  phiKinds: ReadonlySet<string>,
): FieldDraft {
  const record = asRecord(value);
  const type = text(record, 'type');
  const phi = text(record, 'phi');
  const values = record['values'];

  return {
    name,
    path,
    raw: record,
    type: fieldTypes.find((known) => known === type),
    description: text(record, 'description'),
    primaryKey: flag(record, 'primaryKey') ?? false,
    optional: flag(record, 'optional') ?? false,
    phi: phi !== undefined && phiKinds.has(phi) ? (phi as PhiKind) : undefined,
    sensitive: flag(record, 'sensitive') ?? false,
    lookup: record['lookup'] === 'exact' ? 'exact' : undefined,
    pattern: text(record, 'pattern'),
    references: text(record, 'references'),
    system: text(record, 'system'),
    values: Array.isArray(values) ? values.filter((item) => typeof item === 'string') : undefined,
    column: snakeCase(name),
  };
}

function readView(name: string, value: unknown): ViewDraft {
  const record = asRecord(value);
  const path = ['views', name];
  return {
    name,
    path,
    model: text(record, 'model'),
    description: text(record, 'description'),
    fields: names(record, 'fields', path),
  };
}

function readRole(name: string, value: unknown): RoleDraft {
  const record = asRecord(value);
  const path = ['roles', name];
  const grants = (key: 'grants' | 'emergency'): GrantDraft[] => {
    const list = record[key];
    if (!Array.isArray(list)) return [];
    return list.map((grant, index) => readGrant(grant, [...path, key, index], key === 'emergency'));
  };

  return {
    name,
    path,
    description: text(record, 'description'),
    inherits: names(record, 'inherits', path) ?? [],
    deidentified: flag(record, 'deidentified') ?? false,
    grants: grants('grants'),
    emergency: grants('emergency'),
  };
}

function readGrant(value: unknown, path: SpecPath, emergency: boolean): GrantDraft {
  const record = asRecord(value);
  const scope = text(record, 'scope');
  return {
    path,
    model: text(record, 'model'),
    actions: actionList(record['actions']),
    scope: scopes.find((known) => known === scope),
    fields: names(record, 'fields', path),
    view: text(record, 'view'),
    purposes: names(record, 'purposes', path),
    emergency,
  };
}

function readAudit(value: unknown): AuditDraft {
  const record = asRecord(value);
  const events = Array.isArray(record['events']) ? record['events'] : [];
  const purposeOfUse = record['purposeOfUse'];

  return {
    path: ['audit'],
    retention: text(record, 'retention'),
    purposeOfUse:
      purposeOfUse === 'required' || purposeOfUse === 'optional' ? purposeOfUse : undefined,
    events: events.map((event, index) => {
      const eventRecord = asRecord(event);
      return {
        path: ['audit', 'events', index],
        name: text(eventRecord, 'name'),
        actions: actionList(eventRecord['actions']),
        diff: flag(eventRecord, 'diff') ?? false,
        alert: flag(eventRecord, 'alert') ?? false,
      };
    }),
  };
}

function readDeidentification(value: unknown): DeidentificationDraft {
  const zip3 = asRecord(asRecord(value)['restrictedZip3']);
  const census = zip3['census'];
  const source = text(zip3, 'source');
  const prefixes = zip3['prefixes'];
  const valid =
    typeof census === 'number' &&
    source !== undefined &&
    Array.isArray(prefixes) &&
    prefixes.every((prefix) => typeof prefix === 'string');
  return {
    path: ['deidentification'],
    restrictedZip3: valid ? { census, source, prefixes: prefixes as string[] } : undefined,
  };
}

function readSecurity(value: unknown): SecurityDraft {
  const record = asRecord(value);
  const sessions = isRecord(record['sessions']) ? record['sessions'] : undefined;
  const cookie = asRecord(sessions?.['cookie']);
  const transport = isRecord(record['transport']) ? record['transport'] : undefined;
  const keys = isRecord(record['keys']) ? record['keys'] : undefined;
  const store = sessions?.['store'];
  const sameSite = cookie['sameSite'];

  return {
    path: ['security'],
    sessions:
      sessions === undefined
        ? undefined
        : {
            idleTimeout: text(sessions, 'idleTimeout'),
            absoluteTimeout: text(sessions, 'absoluteTimeout'),
            rolling: flag(sessions, 'rolling'),
            store: store === 'redis' || store === 'memory' ? store : undefined,
            secure: flag(cookie, 'secure'),
            httpOnly: flag(cookie, 'httpOnly'),
            sameSite: isSameSite(sameSite) ? sameSite : undefined,
          },
    transport: transport === undefined ? undefined : { requireTls: flag(transport, 'requireTls') },
    keys:
      keys === undefined
        ? undefined
        : {
            provider: text(keys, 'provider'),
            path: text(keys, 'path'),
            rotateAfter: text(keys, 'rotateAfter'),
          },
  };
}

function readTest(value: unknown, index: number): TestDraft {
  const record = asRecord(value);
  const path = ['tests', index];
  const action = text(record, 'action');
  const expect = record['expect'];

  return {
    path,
    name: text(record, 'name'),
    role: text(record, 'role'),
    action: actions.find((known) => known === action),
    model: text(record, 'model'),
    purpose: text(record, 'purpose'),
    reason: text(record, 'reason'),
    own: flag(record, 'own') ?? true,
    sameOrganization: flag(record, 'sameOrganization') ?? true,
    expect: expect === 'allow' || expect === 'deny' ? expect : undefined,
    fields: names(record, 'fields', path),
    withoutFields: names(record, 'withoutFields', path),
  };
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return isRecord(value) ? value : {};
}

function text(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function flag(record: Readonly<Record<string, unknown>>, key: string): boolean | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** Reads a list of names with each item's path; undefined when the key is absent or not a list. */
function names(
  record: Readonly<Record<string, unknown>>,
  key: string,
  path: SpecPath,
): NameRef[] | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  if (!Array.isArray(value)) return undefined;

  const result: NameRef[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item === 'string') result.push({ name: item, path: [...path, key, index] });
  }
  return result;
}

function isSameSite(value: unknown): value is 'strict' | 'lax' | 'none' {
  return value === 'strict' || value === 'lax' || value === 'none';
}

function actionList(value: unknown): Action[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => actions.filter((known) => known === item));
}
