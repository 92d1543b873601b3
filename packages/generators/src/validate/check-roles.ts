import type { Action } from '../ir/spec-ir.js';
import type { SpecPath } from '../loader/spec-path.js';
import { closestMatch, suggest } from './did-you-mean.js';
import type { IssueReporter } from './issue-reporter.js';
import { heldGrants } from './role-inheritance.js';
import { undecidableScope } from './scope-links.js';
import type { GrantDraft, ModelDraft, NameRef, RoleDraft, SpecDraft } from './spec-draft.js';
import type { SpecIndex } from './spec-index.js';

const writeActions: readonly Action[] = ['create', 'update', 'delete'];

/** Checks roles: inheritance, de-identification, and each grant's model, fields, view and scope. */
export function checkRoles(draft: SpecDraft, index: SpecIndex, reporter: IssueReporter): void {
  for (const role of draft.roles) {
    checkInherits(role, index, reporter);
    for (const grant of [...role.grants, ...role.emergency]) checkGrant(grant, index, reporter);
    if (role.deidentified) checkDeidentified(role, index, reporter);
  }

  checkCycles(draft.roles, index, reporter);
}

function checkInherits(role: RoleDraft, index: SpecIndex, reporter: IssueReporter): void {
  for (const entry of role.inherits) {
    const parent = index.roles.get(entry.name);
    if (parent === undefined) {
      const candidates = [...index.roles.keys()].filter((name) => name !== role.name);
      const message = suggest(`unknown role "${entry.name}" in inherits`, entry.name, candidates);
      reporter.report('spec.unknown-role', message, entry.path, 'value');
      continue;
    }

    // Grants written for de-identified output would return identified data to the heir.
    if (parent.deidentified && !role.deidentified && parent !== role) {
      const message = `role "${role.name}" cannot inherit the deidentified role "${parent.name}"; its grants would return identified data`;
      reporter.report('spec.inherits-deidentified', message, entry.path, 'value');
    }
  }
}

function checkGrant(grant: GrantDraft, index: SpecIndex, reporter: IssueReporter): void {
  if (grant.fields !== undefined && grant.view !== undefined) {
    const message = 'a grant takes "fields" or "view", not both';
    reporter.report('spec.fields-and-view', message, [...grant.path, 'view'], 'key');
  }

  for (const purpose of grant.purposes ?? []) checkPurpose(purpose, index, reporter);

  if (grant.model === undefined) return;
  const model = index.models.get(grant.model);
  if (model === undefined) {
    const message = suggest(
      `unknown model "${grant.model}" in grant`,
      grant.model,
      [...index.models.keys()],
    );
    reporter.report('spec.unknown-model', message, [...grant.path, 'model'], 'value');
    return;
  }

  const fieldNames = model.fields.map((field) => field.name);
  for (const field of grant.fields ?? []) {
    if (fieldNames.includes(field.name)) continue;
    const message = suggest(
      `unknown field "${field.name}" in model "${model.name}"`,
      field.name,
      fieldNames,
    );
    reporter.report('spec.unknown-field', message, field.path, 'value');
  }

  if (grant.view !== undefined) {
    const view = index.views.get(grant.view);
    if (view === undefined) {
      const candidates = [...index.views.values()]
        .filter((candidate) => candidate.model === model.name)
        .map((candidate) => candidate.name);
      const message = suggest(`unknown view "${grant.view}"`, grant.view, candidates);
      reporter.report('spec.unknown-view', message, [...grant.path, 'view'], 'value');
    } else if (view.model !== undefined && view.model !== model.name) {
      const message = `view "${view.name}" is of model "${view.model}", but the grant is on model "${model.name}"`;
      reporter.report('spec.view-model', message, [...grant.path, 'view'], 'value');
    }
  }

  checkExportKey(grant, model, index, reporter);

  const scope = grant.scope;
  const problem = scope === undefined ? undefined : undecidableScope(model, scope, index);
  if (problem !== undefined) {
    reporter.report('spec.scope-undecidable', problem, [...grant.path, 'scope'], 'value');
  }
}

/** Reports a purpose-of-use code that the catalog lacks. */
/**
 * Requires the primary key in an export grant that names its fields, because the key becomes
 * the FHIR resource id that the exported resources reference each other by.
 */
function checkExportKey(
  grant: GrantDraft,
  model: ModelDraft,
  index: SpecIndex,
  reporter: IssueReporter,
): void {
  if (!grant.actions.includes('export')) return;
  const key = model.fields.find((field) => field.primaryKey);
  if (key === undefined) return;

  const viewFields =
    grant.view === undefined ? undefined : index.views.get(grant.view)?.fields?.map((field) => field.name);
  const granted = grant.fields?.map((field) => field.name) ?? viewFields;
  if (granted === undefined || granted.includes(key.name)) return;

  const message = `an export grant on model "${model.name}" must include its primary key "${key.name}", which becomes the FHIR resource id`;
  const at = grant.fields !== undefined ? 'fields' : 'view';
  reporter.report('spec.export-without-key', message, [...grant.path, at], 'key');
}

export function checkPurpose(purpose: NameRef, index: SpecIndex, reporter: IssueReporter): void {
  if (index.purposes.includes(purpose.name)) return;

  const match = closestMatch(purpose.name, index.purposes);
  const catalog = 'specs/catalogs/purpose-of-use.json';
  const hint =
    match === undefined
      ? `expected an HL7 v3 PurposeOfUse code such as TREAT or HPAYMT (listed in ${catalog})`
      : `did you mean "${match}"?`;
  const message = `unknown purpose of use "${purpose.name}"; ${hint}`;
  reporter.report('spec.unknown-purpose', message, purpose.path, 'value');
}

/** Rejects `self` scope, writes and exports for a de-identified role, whose Safe Harbor output matches no subject. */
function checkDeidentified(role: RoleDraft, index: SpecIndex, reporter: IssueReporter): void {
  const reported = new Set<string>();
  const heldByRole = [
    ...heldGrants(role, index.roles, 'grants'),
    ...heldGrants(role, index.roles, 'emergency'),
  ];

  for (const { grant, declaredBy, via } of heldByRole) {
    const writes = grant.actions.filter((action) => writeActions.includes(action));
    const exports = grant.actions.includes('export');
    const roleName = `deidentified role "${role.name}"`;
    const from = `on model "${grant.model ?? 'unknown'}" from role "${declaredBy}"`;

    if (grant.scope === 'self') {
      const own = `${roleName} cannot use scope self; Safe Harbor output matches no subject`;
      const inherited = `${roleName} inherits a grant with scope self ${from}`;
      const path = [...grant.path, 'scope'];
      report('spec.deidentified-self', via === undefined ? own : inherited, via, path);
    }
    if (writes.length > 0) {
      const list = writes.join(', ');
      const own = `${roleName} cannot ${list}; it sees Safe Harbor output only`;
      const inherited = `${roleName} inherits ${list} ${from}`;
      const path = [...grant.path, 'actions'];
      report('spec.deidentified-write', via === undefined ? own : inherited, via, path);
    }
    if (exports) {
      const own = `${roleName} cannot export; an export carries identified FHIR resources, so de-identify an export with hspec deid instead`;
      const inherited = `${roleName} inherits export ${from}`;
      const path = [...grant.path, 'actions'];
      report('spec.deidentified-export', via === undefined ? own : inherited, via, path);
    }
  }

  // Reported once per place: several inherited grants may arrive through one `inherits` entry.
  function report(code: string, message: string, via: NameRef | undefined, own: SpecPath): void {
    const path = via === undefined ? own : via.path;
    const key = `${code} ${JSON.stringify(path)}`;
    if (reported.has(key)) return;
    reported.add(key);
    reporter.report(code, message, path, 'value');
  }
}

/** Reports each inheritance cycle once, at the `inherits` entry that closes it. */
function checkCycles(roles: readonly RoleDraft[], index: SpecIndex, reporter: IssueReporter): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: RoleDraft[] = [];
  const reported = new Set<string>();

  const visit = (role: RoleDraft): void => {
    state.set(role.name, 'active');
    stack.push(role);

    for (const entry of role.inherits) {
      const parent = index.roles.get(entry.name);
      if (parent === undefined) continue;

      const parentState = state.get(parent.name);
      if (parentState === undefined) {
        visit(parent);
        continue;
      }
      if (parentState === 'done') continue;

      const start = stack.indexOf(parent);
      const members = stack.slice(start).map((member) => member.name);
      const key = [...members].sort().join(' ');
      if (reported.has(key)) continue;
      reported.add(key);

      // Start the chain at the role whose entry is reported: b -> a -> b for b's `inherits: [a]`.
      const cycle = [role.name, ...members.slice(0, -1), role.name];
      const message = `inheritance cycle: ${cycle.join(' -> ')}`;
      reporter.report('spec.inheritance-cycle', message, entry.path, 'value');
    }

    stack.pop();
    state.set(role.name, 'done');
  };

  for (const role of roles) if (!state.has(role.name)) visit(role);
}
