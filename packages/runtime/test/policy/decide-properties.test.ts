import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  decide,
  type AccessRequest,
  type Action,
  type CompiledGrant,
  type CompiledPolicy,
  type RecordLinks,
  type Scope,
} from '../../src/index.js';
import {
  actionArbitrary,
  modelNameArbitrary,
  policyArbitrary,
  recordArbitrary,
  requestArbitrary,
  roleNames,
} from './policy-arbitraries.js';

const runs = { numRuns: 2000 };

const scenario = fc.record({
  policy: policyArbitrary,
  request: requestArbitrary,
  action: actionArbitrary,
  model: modelNameArbitrary,
  record: recordArbitrary,
});

function grantsOf(policy: CompiledPolicy, role: string, model: string, action: Action) {
  if (!Object.hasOwn(policy.roles, role)) return [];
  const byModel = policy.roles[role]?.grants;
  if (byModel === undefined || !Object.hasOwn(byModel, model)) return [];
  return byModel[model]?.[action] ?? [];
}

function isBreakGlass(request: AccessRequest): boolean {
  return request.purposeOfUse === 'BTG' && (request.reason ?? '').trim() !== '';
}

/** Restricts every grant of the policy to one scope. */
function withScope(policy: CompiledPolicy, scope: Scope): CompiledPolicy {
  const roles = Object.fromEntries(
    Object.entries(policy.roles).map(([name, role]) => {
      const grants = Object.fromEntries(
        Object.entries(role.grants).map(([model, byAction]) => {
          const scoped = Object.entries(byAction).map(([action, list]) => [
            action,
            (list ?? []).map((grant: CompiledGrant) => ({ ...grant, scope })),
          ]);
          return [model, Object.fromEntries(scoped)];
        }),
      );
      return [name, { ...role, grants }];
    }),
  );
  return { ...policy, roles };
}

describe('decide on random policies', () => {
  it('never returns a field outside the grants of the role, model and action', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        const breakGlass = isBreakGlass(request);
        const granted = new Set(
          grantsOf(policy, request.subject.role, model, action)
            .filter((grant) => breakGlass || !grant.emergency)
            .flatMap((grant) => grant.fields),
        );

        for (const field of decision.fields) expect(granted.has(field)).toBe(true);
      }),
      runs,
    );
  });

  it('returns fields in model order without repeats', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        if (!decision.allowed) return;
        const modelFields = policy.models[model]?.fields ?? [];
        const order = decision.fields.map((field) => modelFields.indexOf(field));

        expect(order.every((position) => position >= 0)).toBe(true);
        expect(order).toEqual([...new Set(order)].sort((left, right) => left - right));
      }),
      runs,
    );
  });

  it('returns no fields, scopes or emergency flag on a denial', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        if (decision.allowed) return;

        expect(decision.fields).toEqual([]);
        expect(decision.scopes).toEqual([]);
        expect(decision.emergency).toBe(false);
      }),
      runs,
    );
  });

  it('allows de-identified roles only de-identified reads', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        const known = Object.hasOwn(policy.roles, request.subject.role);
        const deidentifiedRole = known && policy.roles[request.subject.role]?.deidentified === true;

        if (!decision.allowed) expect(decision.deidentified).toBe(false);
        else expect(decision.deidentified).toBe(deidentifiedRole);
        if (deidentifiedRole && decision.allowed) {
          expect(action).toBe('read');
          expect(decision.scopes).not.toContain('self');
        }
      }),
      runs,
    );
  });

  it('denies de-identified roles every other action', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const role = request.subject.role;
        if (!Object.hasOwn(policy.roles, role) || policy.roles[role]?.deidentified !== true) return;
        if (!Object.hasOwn(policy.models, model) || action === 'read') return;
        if (!['create', 'update', 'delete', 'export'].includes(action)) return;

        expect(decide(policy, request, action, model, record).reason).toBe('deidentified-only');
      }),
      runs,
    );
  });

  it('denies unknown roles, actions and models with their reason', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        const knownRole = Object.hasOwn(policy.roles, request.subject.role);
        const knownAction = (['read', 'create', 'update', 'delete', 'export'] as string[]).includes(
          action,
        );
        const knownModel = Object.hasOwn(policy.models, model);

        if (!knownRole) expect(decision.reason).toBe('unknown-role');
        else if (!knownAction) expect(decision.reason).toBe('unknown-action');
        else if (!knownModel) expect(decision.reason).toBe('unknown-model');
        if (!knownRole || !knownAction || !knownModel) expect(decision.allowed).toBe(false);
      }),
      runs,
    );
  });

  it('flags break-glass only for purpose BTG with a reason', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);

        if (decision.emergency) expect(isBreakGlass(request)).toBe(true);
        expect(decision.reason === 'granted-emergency').toBe(decision.emergency);
      }),
      runs,
    );
  });

  it('never lets a self grant reach another patient', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const selfOnly = withScope(policy, 'self');
        const decision = decide(selfOnly, request, action, model, record);
        const own = request.subject.patientId;
        const ownRecord = (links: RecordLinks) =>
          own !== undefined && own !== '' && links.patientId === own;

        if (record !== undefined && !ownRecord(record)) expect(decision.allowed).toBe(false);
        if (record === undefined && (own === undefined || own === '')) {
          expect(decision.allowed).toBe(false);
        }
      }),
      runs,
    );
  });

  it('never lets an organization grant reach another organization', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const organizationOnly = withScope(policy, 'organization');
        const decision = decide(organizationOnly, request, action, model, record);
        const own = request.subject.organizationId;
        const sameOrganization = (links: RecordLinks) =>
          own !== undefined && own !== '' && links.organizationId === own;

        if (record !== undefined && !sameOrganization(record)) {
          expect(decision.allowed).toBe(false);
        }
        if (record === undefined && (own === undefined || own === '')) {
          expect(decision.allowed).toBe(false);
        }
      }),
      runs,
    );
  });

  it('lists a scope only when it covers the record', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        const { patientId, organizationId } = request.subject;

        if (decision.scopes.includes('self')) {
          expect(patientId).toBeTruthy();
          if (record !== undefined) expect(record.patientId).toBe(patientId);
        }
        if (decision.scopes.includes('organization')) {
          expect(organizationId).toBeTruthy();
          if (record !== undefined) expect(record.organizationId).toBe(organizationId);
        }
      }),
      runs,
    );
  });

  it('allows whenever some grant matches action, purpose and scope', () => {
    fc.assert(
      fc.property(scenario, ({ policy, request, action, model, record }) => {
        const decision = decide(policy, request, action, model, record);
        const role = request.subject.role;
        if (!roleNames.includes(role) || policy.roles[role] === undefined) return;
        const deidentified = policy.roles[role]?.deidentified === true;
        if (deidentified && action !== 'read') return;
        if (request.purposeOfUse === 'UNKNOWN') return;
        if (request.purposeOfUse === undefined && policy.purposeOfUse === 'required') return;
        if (request.purposeOfUse === 'BTG' && !isBreakGlass(request)) return;

        const matching = grantsOf(policy, role, model, action).filter(
          (grant) =>
            (isBreakGlass(request) || !grant.emergency) &&
            (grant.purposes === null ||
              (request.purposeOfUse !== undefined &&
                grant.purposes.includes(request.purposeOfUse))) &&
            covers(grant.scope, request, record) &&
            // A de-identified role's output matches no subject, so its self grants cover nothing.
            !(deidentified && grant.scope === 'self'),
        );
        const fields = new Set(matching.flatMap((grant) => grant.fields));
        if (action === 'update') fields.delete('id');

        expect(decision.allowed).toBe(matching.length > 0);
        expect(new Set(decision.fields)).toEqual(fields);
      }),
      runs,
    );
  });
});

/** States plainly when a scope covers a record, as the decision rules define it. */
function covers(scope: Scope, request: AccessRequest, record: RecordLinks | undefined): boolean {
  const { patientId, organizationId } = request.subject;
  if (scope === 'all') return true;
  if (scope === 'self') {
    if (patientId === undefined || patientId === '') return false;
    return record === undefined || record.patientId === patientId;
  }
  if (organizationId === undefined || organizationId === '') return false;
  return record === undefined || record.organizationId === organizationId;
}
