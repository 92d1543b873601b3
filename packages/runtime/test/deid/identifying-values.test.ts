import { describe, expect, it } from 'vitest';

import { identifyingValues, valuesIn } from './identifying-values.mjs';

describe('valuesIn', () => {
  it('skips a year inside random codes', () => {
    const text = JSON.stringify({
      fullUrl: 'urn:uuid:8c3d0a11-1924-4f00-9abc-00000000abcd',
      id: 'ab1924cd-0000-4000-8000-000000000000',
      code: 'abcdefghijklmnopqrst',
    });
    expect(valuesIn(text, ['1924'])).toEqual([]);
    expect(valuesIn(`${text}"birthDate":"1924-12-30"`, ['1924'])).toEqual(['1924']);
  });

  it('finds an original UUID anywhere', () => {
    const original = '36ab2c13-d59e-4f1f-913c-9260ef647da8';
    expect(valuesIn(`{"reference":"Patient/${original}"}`, [original])).toEqual([original]);
  });

  it('finds names, phones and ZIP codes', () => {
    const text = '{"div":"Seen by Hauck, call 555-551-9745, 02108"}';
    expect(valuesIn(text, ['Hauck', '555-551-9745', '02108', 'Bethany'])).toEqual(['Hauck', '555-551-9745', '02108']);
  });

  it('finds short values as element values', () => {
    expect(valuesIn('{"code":"140","value":"590"}', ['140', '590'])).toEqual(['590']);
  });
});

describe('identifyingValues', () => {
  it('collects names, identifiers, streets and dates', () => {
    const values = identifyingValues({
      name: [{ family: 'Hauck', given: ['Bethany'] }],
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-55-5927' }],
      address: [{ line: ['622 Gerhold Orchard'], city: 'Boston' }],
      birthDate: '1924-12-30',
      deceasedBoolean: false,
    });
    expect([...values].sort()).toEqual(['1924-12-30', '622 Gerhold Orchard', '999-55-5927', 'Bethany', 'Boston', 'Hauck']);
  });
});
