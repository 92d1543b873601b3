import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SafeHarbor } from '../../src/deid/safe-harbor.js';

const catalog = JSON.parse(
  readFileSync(new URL('../../../../specs/catalogs/restricted-zip3.json', import.meta.url), 'utf8'),
) as { prefixes: string[] };
const restrictedZip3 = catalog.prefixes;
const asOf = new Date('2025-06-15T00:00:00Z');
const harbor = new SafeHarbor({ restrictedZip3, asOf });

describe('SafeHarbor.year', () => {
  it.each([
    ['1970-05-04', '1970'],
    ['1970-05', '1970'],
    ['1970', '1970'],
    ['2019-12-31T23:30:00-05:00', '2019'],
    ['2020-01-01T00:30:00+14:00', '2020'],
    ['2019-12-31T23:59:59.999Z', '2019'],
  ])('keeps the written year of %s', (value, year) => {
    expect(harbor.year(value)).toBe(year);
  });

  it('takes the UTC year of a Date', () => {
    expect(harbor.year(new Date('2020-01-01T00:30:00+02:00'))).toBe('2019');
  });

  it.each([null, undefined, '', 'May 1970', '70-01-01', '1970-13-01'])('returns null for %s', (value) => {
    expect(harbor.year(value)).toBeNull();
  });

  it.each([
    ['1928-04-01T10:00:00Z', null],
    ['1935', null],
    ['1935-06', null],
    ['1935-06-15', null],
    ['1935-06-16', '1935'],
    ['1935-07', '1935'],
    ['1936', '1936'],
  ])('removes %s when it shows an age over 89', (value, year) => {
    // Anyone alive on the date, counted as its earliest day, is 90 or older on 2025-06-15.
    expect(harbor.year(value)).toBe(year);
  });

  it('removes an early Date by its UTC date', () => {
    // 01:00 on 16 June at +02:00 is 15 June in UTC.
    expect(harbor.year(new Date('1935-06-16T01:00:00+02:00'))).toBeNull();
    expect(harbor.year(new Date('1935-06-16T03:00:00+02:00'))).toBe('1935');
  });
});

describe('SafeHarbor.birthYear', () => {
  it.each([
    ['1936-06-15', '1936', false],
    ['1936-06-16', '1936', false],
    ['1935-06-16', '1935', false],
    ['1935-06-15', null, true],
    ['1920-01-01', null, true],
  ])('birth date %s gives %s on 2025-06-15', (birthDate, year, over89) => {
    expect(harbor.birthYear(birthDate)).toBe(year);
    expect(harbor.ageOver89(birthDate)).toBe(over89);
  });

  it('keeps the year at age 89', () => {
    expect(harbor.ageOver89('1936-01-01')).toBe(false);
    expect(harbor.birthYear('1936-01-01')).toBe('1936');
  });

  it('removes the year at age 90', () => {
    expect(harbor.birthYear('1935-01-01')).toBeNull();
  });

  it('removes the year at age 105', () => {
    expect(harbor.birthYear('1920-03-02')).toBeNull();
    expect(harbor.ageOver89('1920-03-02')).toBe(true);
  });

  it('counts a year-only birth date as 1 January', () => {
    // Born in 1935, the person may have turned 90 on 1 January 2025.
    expect(harbor.birthYear('1935')).toBeNull();
    expect(harbor.birthYear('1936')).toBe('1936');
  });

  it('counts a year-and-month birth date as the first of the month', () => {
    expect(harbor.birthYear('1935-06')).toBeNull();
    expect(harbor.birthYear('1935-07')).toBe('1935');
  });

  it('ignores the time and zone of a birth date-time', () => {
    expect(harbor.birthYear('1935-06-16T01:00:00+14:00')).toBe('1935');
  });

  it('computes ages on the asOf date', () => {
    const later = new SafeHarbor({ restrictedZip3, asOf: new Date('2026-06-16T00:00:00Z') });
    expect(later.birthYear('1936-06-16')).toBeNull();
  });
});

describe('SafeHarbor.zip3', () => {
  it.each(restrictedZip3)('writes 000 for the restricted prefix %s', (prefix) => {
    expect(harbor.zip3(`${prefix}01`)).toBe('000');
    expect(harbor.zip3(`${prefix}01-1234`)).toBe('000');
  });

  it.each(restrictedZip3)('keeps the unrestricted neighbour of %s', (prefix) => {
    const neighbour = String(Number(prefix) + 1).padStart(3, '0');
    const expected = restrictedZip3.includes(neighbour) ? '000' : neighbour;
    expect(harbor.zip3(`${neighbour}45`)).toBe(expected);
  });

  it('keeps 035 beside the restricted 036', () => {
    expect(harbor.zip3('03590')).toBe('035');
  });

  it.each(['02108', '02108-1234', '021081234', ' 02108 '])('keeps the prefix of %s', (zip) => {
    expect(harbor.zip3(zip)).toBe('021');
  });

  it.each(['0210', '021', '021081', '02108-12', 'SW1A 1AA', 'ABCDE', ''])(
    'writes 000 for the malformed ZIP %s',
    (zip) => {
      expect(harbor.zip3(zip)).toBe('000');
    },
  );

  it('returns null for no value', () => {
    expect(harbor.zip3(null)).toBeNull();
  });

  it('rejects a restricted prefix that is not three digits', () => {
    expect(() => new SafeHarbor({ restrictedZip3: ['36'] })).toThrow(
      expect.objectContaining({ code: 'deid.invalid-option' }),
    );
  });
});

describe('SafeHarbor.pseudonym', () => {
  it('gives the same code for the same model and id', () => {
    expect(harbor.pseudonym('Patient', 'p1')).toBe(harbor.pseudonym('Patient', 'p1'));
    expect(harbor.pseudonym('Patient', 'p1')).not.toBe(harbor.pseudonym('Patient', 'p2'));
    expect(harbor.pseudonym('Patient', 'p1')).toMatch(/^[a-z2-7]{20}$/);
  });
});
