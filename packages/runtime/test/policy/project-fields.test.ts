import { describe, expect, it } from 'vitest';

import { projectFields } from '../../src/index.js';

const patient = {
  id: 'p-1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  ssn: '900-12-3456',
  phone: null,
};

describe('projectFields', () => {
  it('copies only the listed fields', () => {
    expect(projectFields(patient, ['id', 'givenName'])).toEqual({ id: 'p-1', givenName: 'Ada' });
  });

  it('keeps null values of listed fields', () => {
    expect(projectFields(patient, ['phone'])).toEqual({ phone: null });
  });

  it('skips listed fields the record lacks', () => {
    const projection = projectFields(patient, ['id', 'mrn']);

    expect(projection).toEqual({ id: 'p-1' });
    expect(Object.hasOwn(projection, 'mrn')).toBe(false);
  });

  it('never copies inherited properties', () => {
    const record = Object.assign(Object.create({ ssn: '900-12-3456' }) as object, { id: 'p-1' });

    expect(projectFields(record, ['id', 'ssn', 'toString'])).toEqual({ id: 'p-1' });
  });

  it('returns an empty object for an empty list', () => {
    expect(projectFields(patient, [])).toEqual({});
  });

  it('copies a field named __proto__ without changing the prototype', () => {
    const record = JSON.parse('{"__proto__": {"ssn": "900-12-3456"}, "id": "p-1"}') as object;
    const projection = projectFields(record, ['__proto__', 'id']);

    expect(Object.getPrototypeOf(projection)).toBe(Object.prototype);
    expect(Object.keys(projection)).toEqual(['__proto__', 'id']);
    expect((projection as { ssn?: string }).ssn).toBeUndefined();
  });

  it('returns a new object', () => {
    const projection = projectFields(patient, ['id', 'givenName', 'familyName', 'ssn', 'phone']);

    expect(projection).toEqual(patient);
    expect(projection).not.toBe(patient);
  });
});
