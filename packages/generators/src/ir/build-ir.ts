import type { SourceLocation } from '../issue.js';
import type { LocateMode } from '../loader/source-document.js';
import type { ProjectConfig } from '../loader/resolve-project-config.js';
import type { SpecPath } from '../loader/spec-path.js';
import { blindIndexSuffix } from '../validate/check-models.js';
import { loadRestrictedZip3 } from '../validate/catalogs.js';
import { parseDuration, parseRetention } from '../validate/durations.js';
import { heldGrants, type HeldGrant } from '../validate/role-inheritance.js';
import type {
  AuditDraft,
  DeidentificationDraft,
  FieldDraft,
  ModelDraft,
  RoleDraft,
  SecurityDraft,
  SpecDraft,
  TestDraft,
  ViewDraft,
} from '../validate/spec-draft.js';
import { specDefaults } from './spec-defaults.js';
import type {
  AuditIR,
  DeidentificationIR,
  FhirIR,
  FieldIR,
  GrantIR,
  ModelIR,
  PolicyTestIR,
  ProjectIR,
  RoleIR,
  SecurityIR,
  SpecIR,
  ViewIR,
} from './spec-ir.js';

/** Maps a path of the merged spec to its source location. */
export type LocateSpecPath = (path: SpecPath, mode?: LocateMode) => SourceLocation;

/** Inputs of the IR: a draft that passed every check, and the FHIR IR built beside it. */
export interface BuildIRInput {
  readonly project: ProjectConfig;
  readonly draft: SpecDraft;
  readonly fhir: FhirIR | undefined;
  readonly locate: LocateSpecPath;
}

/**
 * Builds the spec IR from a validated draft. Lists keep spec order (file, then position in the
 * file); grants list their fields in model order. Every array is new, so nothing is shared with
 * the draft.
 */
export function buildIR(input: BuildIRInput): SpecIR {
  const { draft, locate } = input;
  const models = buildModels(draft.models, locate);
  const modelsByName = new Map(models.map((model) => [model.name, model]));
  const viewsByName = new Map(draft.views.map((view) => [view.name, view]));
  const rolesByName = new Map(draft.roles.map((role) => [role.name, role]));
  const buildRoleIR = (role: RoleDraft): RoleIR =>
    buildRole(role, rolesByName, modelsByName, viewsByName, locate);

  return {
    kind: 'spec',
    version: 1,
    project: buildProject(input.project),
    models,
    views: draft.views.map((view) => buildView(view, modelsByName, locate)),
    roles: draft.roles.map(buildRoleIR),
    audit: draft.audit === undefined ? undefined : buildAudit(draft.audit, locate),
    security: draft.security === undefined ? undefined : buildSecurity(draft.security, locate),
    fhir: input.fhir,
    deidentification: buildDeidentification(draft.deidentification, locate),
    tests: draft.tests.map((test) => buildTest(test, locate)),
  };
}

/**
 * Builds the de-identification settings: the spec's restricted ZIP3 list, sorted, or the default
 * list from specs/catalogs/restricted-zip3.json when the spec names none.
 */
function buildDeidentification(
  draft: DeidentificationDraft | undefined,
  locate: LocateSpecPath,
): DeidentificationIR {
  const zip3 = draft?.restrictedZip3;
  if (draft === undefined || zip3 === undefined) {
    return { kind: 'deidentification', restrictedZip3: loadRestrictedZip3(), source: undefined };
  }
  return {
    kind: 'deidentification',
    restrictedZip3: { census: zip3.census, source: zip3.source, prefixes: [...zip3.prefixes].sort() },
    source: locate([...draft.path, 'restrictedZip3']),
  };
}

/** Builds the model IRs alone, which the FHIR mapping checks need before the rest of the IR. */
export function buildModels(models: readonly ModelDraft[], locate: LocateSpecPath): ModelIR[] {
  return models.map((model) => ({
    kind: 'model',
    name: model.name,
    table: model.table,
    description: model.description,
    tenant: model.tenant,
    subject: model.subject,
    patientField: model.patient,
    organizationField: model.organization,
    primaryKey: model.fields.find((field) => field.primaryKey)?.name ?? '',
    fields: model.fields.map((field) => buildField(field, locate)),
    source: at(locate, model.path, 'key'),
  }));
}

function buildField(field: FieldDraft, locate: LocateSpecPath): FieldIR {
  return {
    kind: 'field',
    name: field.name,
    column: field.column,
    // A draft that passed validation always has a known type.
    type: field.type ?? 'string',
    optional: field.optional,
    primaryKey: field.primaryKey,
    description: field.description,
    phi: field.phi,
    sensitive: field.sensitive,
    encrypted: field.phi !== undefined || field.sensitive,
    lookup: field.lookup,
    lookupColumn: field.lookup === undefined ? undefined : `${field.column}${blindIndexSuffix}`,
    pattern: field.pattern,
    references: field.references,
    system: field.system,
    values: field.values === undefined ? undefined : [...field.values],
    source: at(locate, field.path, 'key'),
  };
}

function buildProject(project: ProjectConfig): ProjectIR {
  return {
    kind: 'project',
    root: project.root,
    configFile: project.configFile,
    specFiles: [...project.specFiles],
    out: project.out,
    database: project.database,
  };
}

function buildView(
  view: ViewDraft,
  models: ReadonlyMap<string, ModelIR>,
  locate: LocateSpecPath,
): ViewIR {
  const model = models.get(view.model ?? '');
  return {
    kind: 'view',
    name: view.name,
    model: view.model ?? '',
    description: view.description,
    fields: inModelOrder(model, (view.fields ?? []).map((field) => field.name)),
    source: at(locate, view.path, 'key'),
  };
}

function buildRole(
  role: RoleDraft,
  roles: ReadonlyMap<string, RoleDraft>,
  models: ReadonlyMap<string, ModelIR>,
  views: ReadonlyMap<string, ViewDraft>,
  locate: LocateSpecPath,
): RoleIR {
  const grant = (held: HeldGrant): GrantIR => buildGrant(held, models, views, locate);
  return {
    kind: 'role',
    name: role.name,
    description: role.description,
    inherits: role.inherits.map((entry) => entry.name),
    deidentified: role.deidentified,
    grants: heldGrants(role, roles, 'grants').map(grant),
    emergency: heldGrants(role, roles, 'emergency').map(grant),
    source: at(locate, role.path, 'key'),
  };
}

function buildGrant(
  held: HeldGrant,
  models: ReadonlyMap<string, ModelIR>,
  views: ReadonlyMap<string, ViewDraft>,
  locate: LocateSpecPath,
): GrantIR {
  const { grant } = held;
  const model = models.get(grant.model ?? '');
  const view = grant.view === undefined ? undefined : views.get(grant.view);
  const named = grant.fields ?? view?.fields;

  return {
    kind: 'grant',
    model: grant.model ?? '',
    actions: [...grant.actions],
    scope: grant.scope ?? 'all',
    fields:
      named === undefined
        ? (model?.fields.map((field) => field.name) ?? [])
        : inModelOrder(model, named.map((field) => field.name)),
    allFields: named === undefined,
    view: grant.view,
    purposes: grant.purposes?.map((purpose) => purpose.name),
    emergency: grant.emergency,
    declaredBy: held.declaredBy,
    source: at(locate, grant.path, 'value'),
  };
}

function buildAudit(audit: AuditDraft, locate: LocateSpecPath): AuditIR {
  const retention = parseRetention(audit.retention ?? specDefaults.retention) ?? {
    amount: 6,
    unit: 'y',
    days: 6 * 366,
  };
  return {
    kind: 'audit',
    retention,
    purposeOfUse: audit.purposeOfUse ?? specDefaults.purposeOfUse,
    events: audit.events.map((event) => ({
      kind: 'audit-event',
      name: event.name ?? '',
      actions: [...event.actions],
      diff: event.diff,
      alert: event.alert,
      source: at(locate, event.path, 'value'),
    })),
    source: at(locate, audit.path, 'key'),
  };
}

function buildSecurity(security: SecurityDraft, locate: LocateSpecPath): SecurityIR {
  const { sessions, transport, keys } = security;
  return {
    kind: 'security',
    sessions:
      sessions === undefined
        ? undefined
        : {
            idleTimeout: seconds(sessions.idleTimeout ?? specDefaults.idleTimeout),
            absoluteTimeout: seconds(sessions.absoluteTimeout ?? specDefaults.absoluteTimeout),
            rolling: sessions.rolling ?? specDefaults.rolling,
            store: sessions.store ?? specDefaults.store,
            cookie: {
              secure: sessions.secure ?? specDefaults.secure,
              httpOnly: sessions.httpOnly ?? specDefaults.httpOnly,
              sameSite: sessions.sameSite ?? specDefaults.sameSite,
            },
          },
    transport:
      transport === undefined
        ? undefined
        : { requireTls: transport.requireTls ?? specDefaults.requireTls },
    keys:
      keys === undefined
        ? undefined
        : {
            provider: keys.provider ?? 'file',
            path: keys.path,
            rotateAfter: keys.rotateAfter === undefined ? undefined : seconds(keys.rotateAfter),
          },
    source: at(locate, security.path, 'key'),
  };
}

function buildTest(test: TestDraft, locate: LocateSpecPath): PolicyTestIR {
  return {
    kind: 'policy-test',
    name: test.name ?? '',
    role: test.role ?? '',
    action: test.action ?? 'read',
    model: test.model ?? '',
    purpose: test.purpose,
    reason: test.reason,
    own: test.own,
    sameOrganization: test.sameOrganization,
    expect: test.expect ?? 'deny',
    fields: test.fields?.map((field) => field.name),
    withoutFields: test.withoutFields?.map((field) => field.name),
    source: at(locate, test.path, 'value'),
  };
}

/** Orders field names as the model declares its fields. */
function inModelOrder(model: ModelIR | undefined, names: readonly string[]): string[] {
  if (model === undefined) return [...names];
  const named = new Set(names);
  return model.fields.filter((field) => named.has(field.name)).map((field) => field.name);
}

function seconds(duration: string): number {
  return parseDuration(duration) ?? 0;
}

function at(locate: LocateSpecPath, path: SpecPath, mode: LocateMode): SourceLocation {
  const { file, line, column } = locate(path, mode);
  return { file, line, column };
}
