import type { CompiledGrant, CompiledPolicy, CompiledRole } from '@hspec/runtime';

import { loadPurposeOfUseCodes } from '../validate/catalogs.js';
import { specDefaults } from './spec-defaults.js';
import type { Action, GrantIR, ModelIR, RoleIR, SpecIR } from './spec-ir.js';

// Each model's grants are listed under the actions in this order, the order of the spec format.
const actionOrder: readonly Action[] = ['read', 'create', 'update', 'delete', 'export'];

type ActionGrants = { [action in Action]?: readonly CompiledGrant[] };

/**
 * Compiles the roles of a spec into the access policy that the runtime decision function reads.
 * Each role's grants, inherited and emergency grants included, are listed by model and then by
 * action, so that a grant on `[read, update]` appears under both. Roles, models and purpose
 * codes are sorted, because their order means nothing; grants and fields keep spec and model
 * order. The result depends only on the IR and the purpose-of-use catalog, so it is the same on
 * every run.
 */
export function compilePolicy(ir: SpecIR): CompiledPolicy {
  const purposes = [...new Set(loadPurposeOfUseCodes().map((entry) => entry.code))].sort();
  const models = sortedRecord(ir.models.map((model) => [model.name, compileModel(model)]));
  const roles = sortedRecord(ir.roles.map((role) => [role.name, compileRole(role)]));

  return {
    purposeOfUse: ir.audit?.purposeOfUse ?? specDefaults.purposeOfUse,
    purposes,
    roles,
    models,
  };
}

function compileModel(model: ModelIR): CompiledPolicy['models'][string] {
  return { primaryKey: model.primaryKey, fields: model.fields.map((field) => field.name) };
}

/** Lists normal grants, then emergency grants, each in spec order, under each of their actions. */
function compileRole(role: RoleIR): CompiledRole {
  const byModel = new Map<string, Map<Action, CompiledGrant[]>>();

  const compiledGrants = [
    ...role.grants.map((grant) => compileGrant(grant, false)),
    ...role.emergency.map((grant) => compileGrant(grant, true)),
  ];
  for (const { grant, compiled } of compiledGrants) {
    let byAction = byModel.get(grant.model);
    if (byAction === undefined) {
      byAction = new Map();
      byModel.set(grant.model, byAction);
    }
    for (const action of new Set(grant.actions)) {
      const list = byAction.get(action) ?? [];
      list.push(compiled);
      byAction.set(action, list);
    }
  }

  const grants = sortedRecord(
    [...byModel].map(([model, byAction]) => {
      const actions: ActionGrants = {};
      for (const action of actionOrder) {
        const list = byAction.get(action);
        if (list !== undefined) actions[action] = list;
      }
      return [model, actions];
    }),
  );
  return { deidentified: role.deidentified, grants };
}

/** Pairs a grant with its compiled form, marked emergency when it comes from `role.emergency`. */
function compileGrant(
  grant: GrantIR,
  emergency: boolean,
): { readonly grant: GrantIR; readonly compiled: CompiledGrant } {
  const compiled: CompiledGrant = {
    scope: grant.scope,
    purposes: grant.purposes === undefined ? null : [...new Set(grant.purposes)].sort(),
    fields: [...grant.fields],
    emergency,
  };
  return { grant, compiled };
}

/** Builds an object whose keys are in code-unit order, which does not depend on the locale. */
function sortedRecord<T>(entries: readonly (readonly [string, T])[]): { [key: string]: T } {
  const sorted = [...entries].sort(([left], [right]) => compareKeys(left, right));
  const record: { [key: string]: T } = {};
  for (const [key, value] of sorted) {
    // Validation rejects __proto__ and constructor as role and model names, but a defined
    // property stays an own data property whatever the name.
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

function compareKeys(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
