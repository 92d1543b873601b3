import { describe, expect, it } from 'vitest';

import { compilePolicy } from '../../../src/ir/compile-policy.js';
import type { SpecIR } from '../../../src/ir/spec-ir.js';
import { loadPurposeOfUseCodes } from '../../../src/validate/catalogs.js';
import { field, idField, model, spec } from '../support/ir-builders.js';
import {
  grant,
  requiredPurposeAudit,
  role,
  telehealthPolicySpec,
} from './support/telehealth-policy-spec.js';

const patient = model('Patient', [idField(), field('mrn', 'string'), field('ssn', 'string')], {
  subject: true,
});
const note = model('Note', [idField(), field('patientId', 'uuid'), field('body', 'text')], {
  patientField: 'patientId',
});

function specWith(roles: SpecIR['roles'], audit: SpecIR['audit'] = undefined): SpecIR {
  return { ...spec([patient, note]), roles, audit };
}

describe('compilePolicy', () => {
  it('lists a grant under each of its actions', () => {
    const policy = compilePolicy(
      specWith([role('clerk', [grant(patient, ['update', 'read'], 'self', { fields: ['mrn'] })])]),
    );
    const compiled = { scope: 'self', purposes: null, fields: ['mrn'], emergency: false };

    expect(policy.roles['clerk']).toEqual({
      deidentified: false,
      grants: { Patient: { read: [compiled], update: [compiled] } },
    });
  });

  it('puts normal grants before emergency grants and marks the emergency ones', () => {
    const policy = compilePolicy(
      specWith([
        role('doctor', [grant(note, ['read'], 'organization')], {
          emergency: [grant(note, ['read'], 'all', { fields: ['id', 'body'] })],
        }),
      ]),
    );

    expect(policy.roles['doctor']?.grants['Note']?.read).toEqual([
      {
        scope: 'organization',
        purposes: null,
        fields: ['id', 'patientId', 'body'],
        emergency: false,
      },
      { scope: 'all', purposes: null, fields: ['id', 'body'], emergency: true },
    ]);
  });

  it('sorts and deduplicates purposes', () => {
    const policy = compilePolicy(
      specWith([
        role('doctor', [
          grant(patient, ['read'], 'all', { purposes: ['TREAT', 'ETREAT', 'TREAT'] }),
        ]),
      ]),
    );

    expect(policy.roles['doctor']?.grants['Patient']?.read?.[0]?.purposes).toEqual([
      'ETREAT',
      'TREAT',
    ]);
  });

  it('sorts roles and models by code unit', () => {
    const policy = compilePolicy(
      specWith([role('zed', []), role('Zed', []), role('alpha', []), role('_first', [])]),
    );

    expect(Object.keys(policy.roles)).toEqual(['Zed', '_first', 'alpha', 'zed']);
    expect(Object.keys(policy.models)).toEqual(['Note', 'Patient']);
  });

  it('keeps model field order and the primary key', () => {
    expect(compilePolicy(specWith([])).models).toEqual({
      Note: { primaryKey: 'id', fields: ['id', 'patientId', 'body'] },
      Patient: { primaryKey: 'id', fields: ['id', 'mrn', 'ssn'] },
    });
  });

  it('knows every purpose code of the catalog, sorted', () => {
    const codes = loadPurposeOfUseCodes().map((entry) => entry.code);

    expect(compilePolicy(specWith([])).purposes).toEqual([...codes].sort());
    expect(compilePolicy(specWith([])).purposes).toContain('BTG');
  });

  it.each([
    { name: 'no audit section', audit: undefined, want: 'required' },
    { name: 'purposeOfUse required', audit: requiredPurposeAudit, want: 'required' },
    {
      name: 'purposeOfUse optional',
      audit: { ...requiredPurposeAudit, purposeOfUse: 'optional' as const },
      want: 'optional',
    },
  ])('takes purposeOfUse from $name', ({ audit, want }) => {
    expect(compilePolicy(specWith([], audit)).purposeOfUse).toBe(want);
  });

  it('keeps the de-identified flag', () => {
    const policy = compilePolicy(
      specWith([role('researcher', [grant(patient, ['read'], 'all')], { deidentified: true })]),
    );

    expect(policy.roles['researcher']?.deidentified).toBe(true);
  });

  it('includes inherited grants after the own grants', () => {
    const policy = compilePolicy(telehealthPolicySpec());
    const reads = policy.roles['physician']?.grants['Patient']?.read ?? [];

    expect(reads.map((each) => [each.scope, each.emergency, each.fields.length])).toEqual([
      ['organization', false, 16],
      ['organization', false, 14],
      ['all', true, 14],
    ]);
  });

  it('never lists read grants under export', () => {
    const policy = compilePolicy(telehealthPolicySpec());

    expect(policy.roles['nurse']?.grants['Patient']?.export).toBeUndefined();
    expect(policy.roles['admin']?.grants['Patient']?.export).toHaveLength(1);
  });

  it('gives equal results for equal specs', () => {
    expect(JSON.stringify(compilePolicy(telehealthPolicySpec()))).toBe(
      JSON.stringify(compilePolicy(telehealthPolicySpec())),
    );
  });
});
