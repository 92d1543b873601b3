import type { Action, Scope } from './action.js';
import type { AccessRequest, RecordLinks, Subject } from './access-request.js';
import type { CompiledPolicy } from './compiled-policy.js';
import type { Decision, DecisionReason } from './decision.js';
import { isAction } from './is-action.js';
import {
  maxIndexedGrants,
  policyIndex,
  scopeBits,
  type IndexedAction,
  type IndexedGrant,
} from './policy-index.js';

/** The purpose-of-use code of break-glass, the emergency access of 45 CFR 164.312(a)(2)(ii). */
const breakGlassPurpose = 'BTG';

type DenialReason = Exclude<DecisionReason, 'granted' | 'granted-emergency'>;

const noFields: readonly string[] = Object.freeze([]);
const noScopes: readonly Scope[] = Object.freeze([]);

// Denials carry no per-request data, so each reason has one frozen decision that every call
// shares, and a denial allocates nothing.
const denials: Readonly<Record<DenialReason, Decision>> = {
  'unknown-role': denial('unknown-role'),
  'unknown-action': denial('unknown-action'),
  'unknown-model': denial('unknown-model'),
  'unknown-purpose': denial('unknown-purpose'),
  'purpose-required': denial('purpose-required'),
  'purpose-not-granted': denial('purpose-not-granted'),
  'reason-required': denial('reason-required'),
  'no-grant': denial('no-grant'),
  'out-of-scope': denial('out-of-scope'),
  'deidentified-only': denial('deidentified-only'),
};

// The distinct scopes of a decision, indexed by a bit set of the three scopes, in the order
// self, organization, all.
const scopeLists: readonly (readonly Scope[])[] = Array.from({ length: 8 }, (_, bits) => {
  const scopes: Scope[] = [];
  for (const scope of ['self', 'organization', 'all'] as const) {
    if ((bits & scopeBits[scope]) !== 0) scopes.push(scope);
  }
  return Object.freeze(scopes);
});

/**
 * Decides whether a request may perform an action on a model, and which fields it may read or
 * write. Everything not granted is denied, and any input the policy does not know (a role, an
 * action, a model or a purpose-of-use code) is denied with its own reason.
 *
 * With a record, a grant applies only when its scope covers the record: `all` always,
 * `organization` when the subject's organization is the record's, `self` when the subject's
 * patient is the record's. Without a record (a query, or a create before the row exists), the
 * decision lists the scopes of the grants that match action and purpose, and the caller limits
 * the rows with them. Project each row with `decide` on its own links, because a query decision
 * unions the fields of every scope.
 *
 * Purpose `BTG` (break-glass) needs a non-blank reason, and adds the role's emergency grants.
 * Whenever an emergency grant contributes, the decision has `emergency: true` and reason
 * `granted-emergency`, so the access is audited as break-glass even where a normal grant alone
 * would also allow it.
 *
 * `fields` follow the model's field order and never name a field outside the model or outside
 * the matching grants. On `update` they never include the primary key, which is not writable.
 *
 * A de-identified role may only read, through grants with scope `organization` or `all`: its
 * other actions are denied with reason `deidentified-only` and its `self` grants cover nothing.
 * An allowed read has `deidentified: true`, and the caller returns the Safe Harbor projection of
 * `fields` (45 CFR 164.514(b)(2)), never the fields themselves.
 *
 * Decisions are frozen and shared between calls that match the same grants. The first call
 * indexes the policy and keeps the index for the life of the policy object, so a policy must
 * not change after its first decision.
 *
 * @example
 * const decision = decide(policy, { subject, purposeOfUse: 'TREAT' }, 'read', 'Patient', {
 *   patientId: row.id,
 *   organizationId: row.organizationId,
 * });
 * if (!decision.allowed) {
 *   const { reason } = decision;
 *   throw new AccessDeniedError({ role: subject.role, action: 'read', model: 'Patient', reason });
 * }
 * const visible = projectFields(patient, decision.fields);
 */
export function decide(
  policy: CompiledPolicy,
  request: AccessRequest,
  action: Action,
  model: string,
  record?: RecordLinks,
): Decision {
  const index = policyIndex(policy);
  const subject = request.subject;
  const role = index.roles.get(subject.role);
  if (role === undefined) return denials['unknown-role'];
  if (!isAction(action)) return denials['unknown-action'];
  if (!index.models.has(model)) return denials['unknown-model'];
  // A de-identified role only reads, and only Safe Harbor output. It may not write, and it may
  // not export, because an export carries identified records.
  if (role.deidentified && action !== 'read') return denials['deidentified-only'];

  const purpose = request.purposeOfUse;
  if (purpose === undefined) {
    if (index.purposeRequired) return denials['purpose-required'];
  } else if (!index.purposes.has(purpose)) {
    return denials['unknown-purpose'];
  }
  const breakGlass = purpose === breakGlassPurpose;
  if (breakGlass && !statesReason(request.reason)) return denials['reason-required'];

  const indexed = role.models.get(model)?.[action];
  if (indexed === undefined) return denials['no-grant'];
  return matchGrants(indexed, subject, record, purpose, breakGlass);
}

// Outcomes of matching one grant: ruled out by its purposes or its emergency flag, admitting the
// purpose but not covering the record, or a full match.
const noMatch = 0;
const purposeMatch = 1;
const fullMatch = 2;

/**
 * Finds the grants that admit the purpose and cover the record, as a bit per grant, and returns
 * the decision that this set of grants makes, built once per set.
 */
function matchGrants(
  indexed: IndexedAction,
  subject: Subject,
  record: RecordLinks | undefined,
  purpose: string | undefined,
  breakGlass: boolean,
): Decision {
  const covered = coveredScopes(subject, record);
  const grants = indexed.grants;
  let purposeMatched = false;
  let matched = 0;

  for (let position = 0; position < grants.length; position += 1) {
    const match = matchGrant(grants[position] as IndexedGrant, covered, purpose, breakGlass);
    if (match === noMatch) continue;
    purposeMatched = true;
    if (match === fullMatch) matched |= 1 << position;
  }

  if (matched === 0) {
    return purposeMatched ? denials['out-of-scope'] : denials['purpose-not-granted'];
  }
  if (grants.length > maxIndexedGrants) {
    const matching = grants.filter(
      (grant) => matchGrant(grant, covered, purpose, breakGlass) === fullMatch,
    );
    return allowance(indexed, matching);
  }

  let decision = indexed.decisions.get(matched);
  if (decision === undefined) {
    const matching = grants.filter((_, position) => (matched & (1 << position)) !== 0);
    decision = allowance(indexed, matching);
    indexed.decisions.set(matched, decision);
  }
  return decision;
}

function matchGrant(
  grant: IndexedGrant,
  covered: number,
  purpose: string | undefined,
  breakGlass: boolean,
): number {
  if (grant.emergency && !breakGlass) return noMatch;
  if (grant.purposes !== null && (purpose === undefined || !grant.purposes.has(purpose))) {
    return noMatch;
  }
  return (grant.scopeBit & covered) === 0 ? purposeMatch : fullMatch;
}

/**
 * Returns the bits of the scopes that cover the record. Without a record, `self` and
 * `organization` need only the subject's id, which the caller's WHERE clause uses. An unset or
 * empty id on the subject never matches, not even a record's missing id.
 */
function coveredScopes(subject: Subject, record: RecordLinks | undefined): number {
  let covered = scopeBits.all;
  const patientId = subject.patientId;
  if (typeof patientId === 'string' && patientId !== '') {
    if (record === undefined || record.patientId === patientId) covered |= scopeBits.self;
  }
  const organizationId = subject.organizationId;
  if (typeof organizationId === 'string' && organizationId !== '') {
    if (record === undefined || record.organizationId === organizationId) {
      covered |= scopeBits.organization;
    }
  }
  return covered;
}

/** Builds the frozen decision of a set of matching grants: their fields in model order. */
function allowance(indexed: IndexedAction, matched: readonly IndexedGrant[]): Decision {
  const fields = indexed.modelFields.filter(
    (field) => field !== indexed.unwritable && matched.some((grant) => grant.fields.has(field)),
  );
  let scopes = 0;
  for (const grant of matched) scopes |= grant.scopeBit;
  const emergency = matched.some((grant) => grant.emergency);

  const decision: Decision = {
    allowed: true,
    reason: emergency ? 'granted-emergency' : 'granted',
    fields: Object.freeze(fields),
    emergency,
    deidentified: indexed.deidentified,
    scopes: scopeLists[scopes] ?? noScopes,
  };
  return Object.freeze(decision);
}

function statesReason(reason: string | undefined): boolean {
  return typeof reason === 'string' && reason.trim() !== '';
}

function denial(reason: DenialReason): Decision {
  const decision: Decision = {
    allowed: false,
    reason,
    fields: noFields,
    emergency: false,
    deidentified: false,
    scopes: noScopes,
  };
  return Object.freeze(decision);
}
