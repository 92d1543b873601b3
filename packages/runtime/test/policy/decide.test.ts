import { describe, expect, it } from 'vitest';

import {
  decide,
  type AccessRequest,
  type Action,
  type CompiledPolicy,
  type DecisionReason,
  type RecordLinks,
  type Scope,
} from '../../src/index.js';
import {
  clinicPolicy,
  colleagueRecord,
  foreignRecord,
  ownRecord,
  requestAs,
} from './clinic-policy.js';

interface DecisionCase {
  readonly name: string;
  readonly request: AccessRequest;
  readonly action: Action;
  readonly model: string;
  readonly record: RecordLinks | undefined;
  readonly reason: DecisionReason;
  readonly fields?: readonly string[];
  readonly scopes?: readonly Scope[];
  readonly policy?: CompiledPolicy;
  readonly deidentified?: boolean;
}

const optionalPurposePolicy: CompiledPolicy = { ...clinicPolicy, purposeOfUse: 'optional' };

const allowedCases: readonly DecisionCase[] = [
  {
    name: 'nurse reads a chart in the organization',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted',
    fields: ['id', 'givenName', 'familyName'],
    scopes: ['organization'],
  },
  {
    name: 'patient reads their own chart',
    request: requestAs('patient', 'PATRQT'),
    action: 'read',
    model: 'Patient',
    record: ownRecord,
    reason: 'granted',
    fields: ['id', 'givenName', 'familyName', 'phone'],
    scopes: ['self'],
  },
  {
    name: 'purpose-limited grant adds its fields for its purpose',
    request: requestAs('physician', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted',
    fields: ['id', 'mrn', 'givenName', 'familyName', 'ssn'],
    scopes: ['organization'],
  },
  {
    name: 'purpose-limited grant adds nothing for another purpose',
    request: requestAs('physician', 'HOPERAT'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted',
    fields: ['id', 'givenName', 'familyName'],
    scopes: ['organization'],
  },
  {
    name: 'break-glass reads another organization',
    request: requestAs('physician', 'BTG', 'unconscious on arrival'),
    action: 'read',
    model: 'Patient',
    record: foreignRecord,
    reason: 'granted-emergency',
    fields: ['id', 'mrn', 'givenName', 'familyName'],
    scopes: ['all'],
  },
  {
    name: 'break-glass is flagged where a normal grant also allows',
    request: requestAs('physician', 'BTG', 'unconscious on arrival'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted-emergency',
    fields: ['id', 'mrn', 'givenName', 'familyName'],
    scopes: ['organization', 'all'],
  },
  {
    name: 'update never returns the primary key',
    request: requestAs('patient', 'PATRQT'),
    action: 'update',
    model: 'Patient',
    record: ownRecord,
    reason: 'granted',
    fields: ['phone'],
    scopes: ['self'],
  },
  {
    name: 'query unions fields and lists scopes',
    request: requestAs('physician', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: undefined,
    reason: 'granted',
    fields: ['id', 'mrn', 'givenName', 'familyName', 'ssn'],
    scopes: ['organization'],
  },
  {
    name: 'create before the row exists',
    request: requestAs('nurse', 'TREAT'),
    action: 'create',
    model: 'Note',
    record: undefined,
    reason: 'granted',
    fields: ['id', 'patientId', 'writtenAt', 'body'],
    scopes: ['organization'],
  },
  {
    name: 'optional purpose allows unlimited grants',
    request: requestAs('nurse', undefined),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted',
    fields: ['id', 'givenName', 'familyName'],
    scopes: ['organization'],
    policy: optionalPurposePolicy,
  },
  {
    name: 'de-identified role reads for Safe Harbor output',
    request: requestAs('researcher', 'HRESCH'),
    action: 'read',
    model: 'Patient',
    record: foreignRecord,
    reason: 'granted',
    fields: ['id', 'organizationId', 'mrn', 'givenName', 'familyName', 'ssn', 'phone'],
    scopes: ['all'],
    deidentified: true,
  },
  {
    name: 'de-identified query lists its scopes',
    request: requestAs('researcher', 'HRESCH'),
    action: 'read',
    model: 'Patient',
    record: undefined,
    reason: 'granted',
    fields: ['id', 'organizationId', 'mrn', 'givenName', 'familyName', 'ssn', 'phone'],
    scopes: ['all'],
    deidentified: true,
  },
  {
    name: 'export for its purpose',
    request: requestAs('billing', 'HPAYMT'),
    action: 'export',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'granted',
    fields: ['id', 'mrn'],
    scopes: ['organization'],
  },
];

const deniedCases: readonly DecisionCase[] = [
  {
    name: 'unknown role',
    request: requestAs('janitor', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: ownRecord,
    reason: 'unknown-role',
  },
  {
    name: 'role named like an Object member',
    request: requestAs('constructor', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: ownRecord,
    reason: 'unknown-role',
  },
  {
    name: 'role named __proto__',
    request: requestAs('__proto__', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: ownRecord,
    reason: 'unknown-role',
  },
  {
    name: 'unknown action',
    request: requestAs('nurse', 'TREAT'),
    action: 'view' as Action,
    model: 'Patient',
    record: colleagueRecord,
    reason: 'unknown-action',
  },
  {
    name: 'unknown model',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'Invoice',
    record: colleagueRecord,
    reason: 'unknown-model',
  },
  {
    name: 'model named like an Object member',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'hasOwnProperty',
    record: colleagueRecord,
    reason: 'unknown-model',
  },
  {
    name: 'unknown purpose',
    request: requestAs('nurse', 'TRAET'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'unknown-purpose',
  },
  {
    name: 'empty purpose',
    request: requestAs('nurse', ''),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'unknown-purpose',
  },
  {
    name: 'missing purpose',
    request: requestAs('nurse', undefined),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'purpose-required',
  },
  {
    name: 'purpose the grant excludes',
    request: requestAs('billing', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'purpose-not-granted',
  },
  {
    name: 'optional purpose left out of a limited grant',
    request: requestAs('billing', undefined),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'purpose-not-granted',
    policy: optionalPurposePolicy,
  },
  {
    name: 'emergency grant without break-glass',
    request: requestAs('physician', 'TREAT'),
    action: 'read',
    model: 'Note',
    record: foreignRecord,
    reason: 'purpose-not-granted',
  },
  {
    name: 'break-glass without a reason',
    request: requestAs('physician', 'BTG'),
    action: 'read',
    model: 'Patient',
    record: foreignRecord,
    reason: 'reason-required',
  },
  {
    name: 'break-glass with a blank reason',
    request: requestAs('physician', 'BTG', ' \t\n'),
    action: 'read',
    model: 'Patient',
    record: foreignRecord,
    reason: 'reason-required',
  },
  {
    name: 'action without a grant',
    request: requestAs('nurse', 'TREAT'),
    action: 'delete',
    model: 'Note',
    record: colleagueRecord,
    reason: 'no-grant',
  },
  {
    name: 'export is not implied by read',
    request: requestAs('nurse', 'TREAT'),
    action: 'export',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'no-grant',
  },
  {
    name: 'model without a grant',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'Clinic',
    record: colleagueRecord,
    reason: 'no-grant',
  },
  {
    name: 'another organization',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: foreignRecord,
    reason: 'out-of-scope',
  },
  {
    name: 'another patient under self scope',
    request: requestAs('patient', 'PATRQT'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'out-of-scope',
  },
  {
    name: 'record without an organization',
    request: requestAs('nurse', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: { patientId: 'p-2', organizationId: null },
    reason: 'out-of-scope',
  },
  {
    name: 'break-glass does not widen a purpose-limited grant',
    request: requestAs('billing', 'BTG', 'claim is due'),
    action: 'read',
    model: 'Patient',
    record: colleagueRecord,
    reason: 'purpose-not-granted',
  },
  {
    name: 'de-identified role exporting',
    request: requestAs('researcher', 'HRESCH'),
    action: 'export',
    model: 'Patient',
    record: ownRecord,
    reason: 'deidentified-only',
  },
  {
    name: 'de-identified role writing',
    request: requestAs('researcher', 'HRESCH'),
    action: 'update',
    model: 'Patient',
    record: ownRecord,
    reason: 'deidentified-only',
  },
  {
    name: 'de-identified role under a purpose its grant excludes',
    request: requestAs('researcher', 'TREAT'),
    action: 'read',
    model: 'Patient',
    record: ownRecord,
    reason: 'purpose-not-granted',
  },
  {
    name: 'de-identified role through a self grant',
    request: requestAs('researcher', 'HRESCH'),
    action: 'read',
    model: 'Note',
    record: ownRecord,
    reason: 'out-of-scope',
  },
];

function decideCase(testCase: DecisionCase) {
  const policy = testCase.policy ?? clinicPolicy;
  return decide(policy, testCase.request, testCase.action, testCase.model, testCase.record);
}

describe('decide', () => {
  it.each(allowedCases)('allows: $name', (testCase) => {
    const decision = decideCase(testCase);

    expect(decision.allowed).toBe(true);
    expect(decision.reason).toBe(testCase.reason);
    expect(decision.emergency).toBe(testCase.reason === 'granted-emergency');
    expect(decision.deidentified).toBe(testCase.deidentified ?? false);
    expect(decision.fields).toEqual(testCase.fields);
    expect(decision.scopes).toEqual(testCase.scopes);
  });

  it.each(deniedCases)('denies: $name', (testCase) => {
    const decision = decideCase(testCase);

    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(testCase.reason);
    expect(decision.fields).toEqual([]);
    expect(decision.emergency).toBe(false);
    expect(decision.deidentified).toBe(false);
    expect(decision.scopes).toEqual([]);
  });

  it('covers every decision reason', () => {
    const reasons = new Set([...allowedCases, ...deniedCases].map((testCase) => testCase.reason));

    expect([...reasons].sort()).toEqual([
      'deidentified-only',
      'granted',
      'granted-emergency',
      'no-grant',
      'out-of-scope',
      'purpose-not-granted',
      'purpose-required',
      'reason-required',
      'unknown-action',
      'unknown-model',
      'unknown-purpose',
      'unknown-role',
    ]);
  });

  it('denies a query when the subject lacks the id its scope needs', () => {
    const request: AccessRequest = {
      subject: { userId: 'u-2', role: 'nurse' },
      purposeOfUse: 'TREAT',
    };

    expect(decide(clinicPolicy, request, 'read', 'Patient').reason).toBe('out-of-scope');
  });

  it('never matches an empty subject id to an empty record id', () => {
    const request: AccessRequest = {
      subject: { userId: 'u-2', role: 'patient', patientId: '', organizationId: '' },
      purposeOfUse: 'PATRQT',
    };
    const record = { patientId: '', organizationId: '' };

    expect(decide(clinicPolicy, request, 'read', 'Patient', record).reason).toBe('out-of-scope');
  });

  it('finds a purpose in an unsorted list', () => {
    const unsorted: CompiledPolicy = { ...clinicPolicy, purposes: ['TREAT', 'BTG', 'HPAYMT'] };
    const decision = decide(unsorted, requestAs('billing', 'HPAYMT'), 'read', 'Patient', ownRecord);

    expect(decision.reason).toBe('granted');
  });

  it('freezes decisions, so callers cannot change the policy through them', () => {
    const decision = decide(clinicPolicy, requestAs('nurse', 'TREAT'), 'read', 'Note', ownRecord);

    expect(() => (decision.fields as string[]).push('secret')).toThrow(TypeError);
    expect(Object.isFrozen(decision)).toBe(true);
    const again = decide(clinicPolicy, requestAs('nurse', 'TREAT'), 'read', 'Note', ownRecord);
    expect(again.fields).toEqual(['id', 'patientId', 'writtenAt', 'body']);
  });

  it('decides the same with more grants than the decision cache indexes', () => {
    const filler = Array.from({ length: 40 }, () => ({
      scope: 'self' as const,
      purposes: ['HPAYMT'],
      fields: ['id'],
      emergency: false,
    }));
    const many: CompiledPolicy = {
      ...clinicPolicy,
      roles: {
        clerk: {
          deidentified: false,
          grants: {
            Patient: {
              read: [
                ...filler,
                { scope: 'organization', purposes: null, fields: ['id', 'mrn'], emergency: false },
              ],
            },
          },
        },
      },
    };
    const decision = decide(many, requestAs('clerk', 'TREAT'), 'read', 'Patient', colleagueRecord);

    expect(decision.reason).toBe('granted');
    expect(decision.fields).toEqual(['id', 'mrn']);
  });

  it('returns fields in model order whatever the order of the grant', () => {
    const unordered: CompiledPolicy = {
      ...clinicPolicy,
      roles: {
        clerk: {
          deidentified: false,
          grants: {
            Patient: {
              read: [
                {
                  scope: 'all',
                  purposes: null,
                  fields: ['phone', 'id', 'invented'],
                  emergency: false,
                },
              ],
            },
          },
        },
      },
    };
    const decision = decide(unordered, requestAs('clerk', 'TREAT'), 'read', 'Patient', ownRecord);

    expect(decision.fields).toEqual(['id', 'phone']);
  });

  it('finds roles and models named like Object members when the policy has them', () => {
    const awkward: CompiledPolicy = {
      ...clinicPolicy,
      roles: {
        constructor: {
          deidentified: false,
          grants: {
            toString: {
              read: [{ scope: 'all', purposes: null, fields: ['id'], emergency: false }],
            },
          },
        },
      },
      models: { toString: { primaryKey: 'id', fields: ['id'] } },
    };
    const request = requestAs('constructor', 'TREAT');

    expect(decide(awkward, request, 'read', 'toString', ownRecord).fields).toEqual(['id']);
  });

  it('treats a malformed grant as break-glass only', () => {
    const malformed = {
      ...clinicPolicy,
      roles: {
        clerk: {
          deidentified: false,
          grants: {
            Patient: { read: [{ scope: 'all', purposes: null, fields: ['id'] }] },
          },
        },
      },
    } as unknown as CompiledPolicy;

    const normal = decide(malformed, requestAs('clerk', 'TREAT'), 'read', 'Patient', ownRecord);
    const breakGlass = decide(malformed, requestAs('clerk', 'BTG', 'fire'), 'read', 'Patient');

    expect(normal.reason).toBe('purpose-not-granted');
    expect(breakGlass.reason).toBe('granted-emergency');
  });

  it('shares one frozen decision per denial reason', () => {
    const first = decide(clinicPolicy, requestAs('janitor', 'TREAT'), 'read', 'Patient');
    const second = decide(clinicPolicy, requestAs('porter', 'TREAT'), 'read', 'Patient');

    expect(first).toBe(second);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.fields)).toBe(true);
  });
});
