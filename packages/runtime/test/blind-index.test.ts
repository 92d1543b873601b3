import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldCipher,
  FieldContextError,
  Keyring,
  normalizeForLookup,
  ValueTypeError,
  type BlindIndexTarget,
} from '../src/index.js';
import { caught, keyMaterial, keyringData } from './keyring-fixture.js';

const blindIndexKey = keyMaterial('b1');
const cipher = new FieldCipher(Keyring.from(keyringData([keyMaterial('k1')], blindIndexKey)));
const familyName: BlindIndexTarget = { table: 'patients', column: 'family_name' };

describe('normalizeForLookup', () => {
  const normalizationCases: readonly { name: string; input: string; output: string }[] = [
    { name: 'lowercases ASCII', input: 'SMITH', output: 'smith' },
    { name: 'composes decomposed accents', input: 'Jose\u0301', output: 'jos\u00e9' },
    { name: 'trims spaces, tabs and newlines', input: ' \t Smith \n', output: 'smith' },
    { name: 'trims no-break spaces', input: '\u00a0Smith\u00a0', output: 'smith' },
    { name: 'folds sharp s to ss', input: 'Straße', output: 'strasse' },
    { name: 'folds capital sharp s to ss', input: 'STRAẞE', output: 'strasse' },
    { name: 'writes a final sigma at word end', input: 'οδοσ', output: 'οδος' },
    { name: 'folds upper-case Greek', input: 'ΟΔΟΣ', output: 'οδος' },
    { name: 'keeps inner spaces', input: 'Mary  Ann', output: 'mary  ann' },
    { name: 'keeps punctuation', input: "O'Brien-Smith", output: "o'brien-smith" },
    { name: 'keeps digits', input: '123-45-6789', output: '123-45-6789' },
    { name: 'leaves empty text empty', input: '   ', output: '' },
    { name: 'folds full-width letters', input: 'ＳＭＩＴＨ', output: 'smith' },
    { name: 'folds ligatures', input: 'Coﬀee', output: 'coffee' },
    { name: 'drops a zero-width space', input: 'Smith\u200b', output: 'smith' },
    { name: 'drops a soft hyphen', input: 'Lind\u00adqvist', output: 'lindqvist' },
  ];

  it.each(normalizationCases)('$name', ({ input, output }) => {
    expect(normalizeForLookup(input)).toBe(output);
  });

  it('any text folds alike in upper and lower case', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => {
        const normalized = normalizeForLookup(text);
        expect(normalizeForLookup(normalized)).toBe(normalized);
        expect(normalizeForLookup(text.toUpperCase())).toBe(normalized);
        expect(normalizeForLookup(text.toLowerCase())).toBe(normalized);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('blind index finds spellings a person calls equal', () => {
  const equalCases: readonly { name: string; written: string; searched: string }[] = [
    { name: 'composed and decomposed accents', written: 'Jos\u00e9', searched: 'Jose\u0301' },
    { name: 'upper and lower case', written: 'Smith', searched: 'SMITH' },
    { name: 'surrounding spaces', written: 'Smith', searched: '  Smith\t' },
    { name: 'sharp s and SS', written: 'Straße', searched: 'STRASSE' },
    { name: 'sharp s and ss', written: 'Straße', searched: 'strasse' },
    { name: 'capital sharp s and sharp s', written: 'Straße', searched: 'STRAẞE' },
    { name: 'everything at once', written: ' STRASSE Jose\u0301 ', searched: 'straße JOSÉ' },
  ];

  it.each(equalCases)('$name give the same index', ({ written, searched }) => {
    expect(cipher.blindIndex(searched, familyName)).toBe(cipher.blindIndex(written, familyName));
  });

  const differentCases: readonly { name: string; first: string; second: string }[] = [
    { name: 'different spelling', first: 'Smith', second: 'Smyth' },
    { name: 'inner space', first: 'Mary Ann', second: 'MaryAnn' },
    { name: 'accent and no accent', first: 'José', second: 'Jose' },
    { name: 'empty and non-empty', first: '', second: 'a' },
  ];

  it.each(differentCases)('$name give different indexes', ({ first, second }) => {
    expect(cipher.blindIndex(first, familyName)).not.toBe(cipher.blindIndex(second, familyName));
  });
});

describe('blind index keys are separate per table and column', () => {
  it('same value in another column gets another index', () => {
    const other = cipher.blindIndex('Smith', { table: 'patients', column: 'given_name' });

    expect(other).not.toBe(cipher.blindIndex('Smith', familyName));
  });

  it('same value in another table gets another index', () => {
    const other = cipher.blindIndex('Smith', { table: 'contacts', column: 'family_name' });

    expect(other).not.toBe(cipher.blindIndex('Smith', familyName));
  });

  it('table and column boundary is not ambiguous', () => {
    const first = cipher.blindIndex('Smith', { table: 'ab', column: 'c' });
    const second = cipher.blindIndex('Smith', { table: 'a', column: 'bc' });

    expect(first).not.toBe(second);
  });

  it('another blind-index key gives another index', () => {
    const otherKeyring = Keyring.from(keyringData([keyMaterial('k1')], keyMaterial('b1')));
    const otherIndex = new FieldCipher(otherKeyring).blindIndex('Smith', familyName);

    expect(otherIndex).not.toBe(cipher.blindIndex('Smith', familyName));
  });

  it('same keys give the same index in a new cipher', () => {
    const sameBlindKeyring = Keyring.from(keyringData([keyMaterial('k2')], blindIndexKey));
    const otherIndex = new FieldCipher(sameBlindKeyring).blindIndex('Smith', familyName);

    expect(otherIndex).toBe(cipher.blindIndex('Smith', familyName));
  });
});

describe('blind index format', () => {
  it('is 43 characters of base64url', () => {
    expect(cipher.blindIndex('Smith', familyName)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('does not contain the value', () => {
    expect(cipher.blindIndex('smith', familyName)).not.toContain('smith');
  });

  it('null gives null', () => {
    expect(cipher.blindIndexNullable(null, familyName)).toBeNull();
  });

  it('undefined gives null', () => {
    expect(cipher.blindIndexNullable(undefined, familyName)).toBeNull();
  });

  it('empty string is indexed', () => {
    expect(cipher.blindIndexNullable('', familyName)).toBe(cipher.blindIndex('', familyName));
  });

  it('lone surrogate is rejected', () => {
    expect(caught(() => cipher.blindIndex('a\uD800', familyName))).toBeInstanceOf(ValueTypeError);
  });

  it('names too long for key derivation are rejected', () => {
    const target = { table: 't'.repeat(500), column: 'c'.repeat(493) };

    const error = caught(() => cipher.blindIndex('a', target));

    expect(error).toBeInstanceOf(FieldContextError);
    expect((error as FieldContextError).reason).toContain('992 bytes');
  });

  it('names at the derivation limit work', () => {
    const target = { table: 't'.repeat(500), column: 'c'.repeat(492) };

    expect(cipher.blindIndex('a', target)).toHaveLength(43);
  });

  it('empty column is rejected', () => {
    expect(caught(() => cipher.blindIndex('a', { table: 'patients', column: '' }))).toBeInstanceOf(
      FieldContextError,
    );
  });
});
