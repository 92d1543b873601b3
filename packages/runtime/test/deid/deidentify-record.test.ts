import { describe, expect, it } from 'vitest';

import type { DeidModelRules } from '../../src/deid/deid-rule.js';
import { deidentifyRecord } from '../../src/deid/deidentify-record.js';
import { SafeHarbor } from '../../src/deid/safe-harbor.js';
import { identifierKinds } from '../../src/phi/identifier-kind.js';

const harbor = new SafeHarbor({ restrictedZip3: ['036'], asOf: new Date('2025-06-15T00:00:00Z') });

const rules: DeidModelRules = {
  model: 'Patient',
  fields: [
    { field: 'id', action: 'pseudonym', kind: undefined, model: 'Patient' },
    { field: 'organizationId', action: 'pseudonym', kind: undefined, model: 'Organization' },
    { field: 'familyName', action: 'remove', kind: 'name', model: undefined },
    { field: 'birthDate', action: 'birth-year', kind: 'date', model: undefined },
    { field: 'admittedAt', action: 'year', kind: 'date', model: undefined },
    { field: 'postalCode', action: 'zip3', kind: 'geographic', model: undefined },
    { field: 'sex', action: 'keep', kind: undefined, model: undefined },
    { field: 'note', action: 'remove', kind: 'free_text', model: undefined },
  ],
};

describe('deidentifyRecord', () => {
  it('applies each action', () => {
    const output = deidentifyRecord(
      rules,
      {
        id: 'p1',
        organizationId: 'o1',
        familyName: 'Doe',
        birthDate: '1950-03-04',
        admittedAt: new Date('2021-12-31T23:00:00Z'),
        postalCode: '03601',
        sex: 'female',
        note: 'called from home',
        unlisted: 'x',
      },
      harbor,
    );

    expect(output).toEqual({
      id: harbor.pseudonym('Patient', 'p1'),
      organizationId: harbor.pseudonym('Organization', 'o1'),
      birthDate: '1950',
      admittedAt: '2021',
      postalCode: '000',
      sex: 'female',
    });
  });

  it('keeps absent fields absent and null fields null', () => {
    const output = deidentifyRecord(rules, { id: 'p1', birthDate: null }, harbor);
    expect(output).toEqual({ id: harbor.pseudonym('Patient', 'p1'), birthDate: null });
  });

  it('writes null for a birth date of someone 90 or older', () => {
    const output = deidentifyRecord(rules, { birthDate: '1930-01-01' }, harbor);
    expect(output).toEqual({ birthDate: null });
  });

  it('writes null for a date that shows an age over 89', () => {
    const output = deidentifyRecord(rules, { admittedAt: new Date('1931-08-09T00:00:00Z') }, harbor);
    expect(output).toEqual({ admittedAt: null });
  });

  it.each(identifierKinds)('removes a %s field under a remove rule', (kind) => {
    const kindRules: DeidModelRules = {
      model: 'Patient',
      fields: [
        { field: 'value', action: 'remove', kind, model: undefined },
        { field: 'kept', action: 'keep', kind: undefined, model: undefined },
      ],
    };
    const output = deidentifyRecord(kindRules, { value: 'identifying', kept: 1 }, harbor);
    expect(output).toEqual({ kept: 1 });
  });
});
