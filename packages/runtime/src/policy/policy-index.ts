import { actions, type Action, type Scope } from './action.js';
import type { CompiledGrant, CompiledPolicy, CompiledRole } from './compiled-policy.js';
import type { Decision } from './decision.js';

/** Bits of the three scopes, so that a set of scopes is one number. */
export const scopeBits: Readonly<Record<Scope, number>> = { self: 1, organization: 2, all: 4 };

/** One grant, prepared for matching: its scope as a bit, purposes and fields as sets. */
export interface IndexedGrant {
  /** 0 for a scope the decision rules do not know, which then covers nothing. */
  readonly scopeBit: number;
  readonly purposes: ReadonlySet<string> | null;
  readonly fields: ReadonlySet<string>;
  readonly emergency: boolean;
}

/** The grants of one role for one model and action, with the decisions already made from them. */
export interface IndexedAction {
  readonly grants: readonly IndexedGrant[];
  readonly modelFields: readonly string[];
  /** The primary key on `update`, which is never writable. */
  readonly unwritable: string | undefined;
  /** True for a de-identified role: its allowed decisions have `deidentified: true`. */
  readonly deidentified: boolean;
  /**
   * Allowed decisions by the set of grants that matched, as a bit per grant. A decision depends
   * on nothing else, so each is built once, frozen and shared.
   */
  readonly decisions: Map<number, Decision>;
}

/** The grants of one role, by model and then by action. */
export interface IndexedRole {
  readonly deidentified: boolean;
  readonly models: ReadonlyMap<string, Readonly<Record<Action, IndexedAction | undefined>>>;
}

/** A compiled policy in the shape that the decision function reads fastest. */
export interface PolicyIndex {
  readonly purposeRequired: boolean;
  readonly purposes: ReadonlySet<string>;
  readonly roles: ReadonlyMap<string, IndexedRole>;
  readonly models: ReadonlySet<string>;
}

/** Grants per action beyond which matched sets no longer fit the bits of a number. */
export const maxIndexedGrants = 30;

const indexes = new WeakMap<CompiledPolicy, PolicyIndex>();

/**
 * Returns the index of a policy, building it on first use. Maps and sets replace the policy's
 * objects, so that role and model names such as `constructor` never reach a prototype. The
 * index is kept for the life of the policy object, which therefore must not change after its
 * first decision; generated policies are constants.
 */
export function policyIndex(policy: CompiledPolicy): PolicyIndex {
  let index = indexes.get(policy);
  if (index === undefined) {
    index = buildIndex(policy);
    indexes.set(policy, index);
  }
  return index;
}

function buildIndex(policy: CompiledPolicy): PolicyIndex {
  const models = new Map(Object.entries(policy.models));
  const roles = new Map<string, IndexedRole>();
  for (const [name, role] of Object.entries(policy.roles)) {
    roles.set(name, indexRole(role, models));
  }

  return {
    // Anything but an explicit `optional` requires a purpose, so a malformed policy fails closed.
    purposeRequired: policy.purposeOfUse !== 'optional',
    purposes: new Set(policy.purposes),
    roles,
    models: new Set(models.keys()),
  };
}

function indexRole(
  role: CompiledRole,
  models: ReadonlyMap<string, CompiledPolicy['models'][string]>,
): IndexedRole {
  // Anything but an explicit `false` counts as de-identified, so a malformed role fails closed.
  const deidentified = role.deidentified !== false;
  const indexed = new Map<string, Readonly<Record<Action, IndexedAction | undefined>>>();
  for (const [model, byAction] of Object.entries(role.grants)) {
    const modelInfo = models.get(model);
    if (modelInfo === undefined) continue;

    // Every table has all five keys in one order, so that reading one by action stays fast.
    const table: Record<Action, IndexedAction | undefined> = {
      read: undefined,
      create: undefined,
      update: undefined,
      delete: undefined,
      export: undefined,
    };
    for (const action of actions) {
      const grants = Object.hasOwn(byAction, action) ? byAction[action] : undefined;
      if (grants === undefined || grants.length === 0) continue;
      table[action] = {
        grants: grants.map((grant) => indexGrant(grant, deidentified)),
        modelFields: modelInfo.fields,
        unwritable: action === 'update' ? modelInfo.primaryKey : undefined,
        deidentified,
        decisions: new Map(),
      };
    }
    indexed.set(model, table);
  }
  return { deidentified, models: indexed };
}

function indexGrant(grant: CompiledGrant, deidentified: boolean): IndexedGrant {
  let scopeBit = Object.hasOwn(scopeBits, grant.scope) ? scopeBits[grant.scope] : 0;
  // Safe Harbor output matches no subject, so a de-identified role's `self` grant, which the
  // spec validator rejects, covers nothing when a hand-written policy has one.
  if (deidentified && grant.scope === 'self') scopeBit = 0;
  return {
    scopeBit,
    purposes: grant.purposes === null ? null : new Set(grant.purposes),
    fields: new Set(grant.fields),
    // Anything but an explicit `false` counts as emergency, so a malformed grant needs break-glass.
    emergency: grant.emergency !== false,
  };
}
