import { describe, expect, it } from 'vitest';

import { identifyingValues, valuesIn } from './identifying-values.mjs';

describe('valuesIn', () => {
  it('finds a year in a date but not inside a random UUID or base32 code', () => {
    const text = JSON.stringify({
      fullUrl: 'urn:uuid:8c3d0a11-1924-4f00-9abc-00000000abcd',
      id: 'ab1924cd-0000-4000-8000-000000000000',
      code: 'abcdefghijklmnopqrst',
    });
    expect(valuesIn(text, ['1924'])).toEqual([]);
    expect(valuesIn(`${text}"birthDate":"1924-12-30"`, ['1924'])).toEqual(['1924']);
  });

  it('finds an original UUID id wherever it stands', () => {
    const original = '36ab2c13-d59e-4f1f-913c-9260ef647da8';
    expect(valuesIn(`{"reference":"Patient/${original}"}`, [original])).toEqual([original]);
  });

  it('finds names, phone numbers and ZIP codes as substrings', () => {
    const text = '{"div":"Seen by Hauck, call 555-551-9745, 02108"}';
    expect(valuesIn(text, ['Hauck', '555-551-9745', '02108', 'Bethany'])).toEqual(['Hauck', '555-551-9745', '02108']);
  });

  it('finds a value shorter than four characters only as a whole element value', () => {
    expect(valuesIn('{"code":"140","value":"590"}', ['140', '590'])).toEqual(['590']);
  });
});

describe('identifyingValues', () => {
  it('collects name parts, identifier values, street lines and full dates', () => {
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
