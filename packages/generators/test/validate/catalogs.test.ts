import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';

import { loadIdentifierKinds, loadPurposeOfUseCodes, purposeOfUseSystem } from '../../src/validate/catalogs.js';
import { readSpecAsset } from '../../src/validate/spec-assets.js';

type Schema = { readonly [key: string]: unknown };

function definitions(): Record<string, Schema> {
  const schema = readSpecAsset('hspec.schema.json') as { definitions: Record<string, Schema> };
  return schema.definitions;
}

describe('identifier kinds catalog', () => {
  test('lists the 18 Safe Harbor kinds A to R and free_text', () => {
    const kinds = loadIdentifierKinds();
    const letters = kinds.filter((kind) => kind.letter !== null).map((kind) => kind.letter);

    expect(kinds).toHaveLength(19);
    expect(letters).toEqual('ABCDEFGHIJKLMNOPQR'.split(''));
    expect(kinds.find((kind) => kind.letter === null)?.name).toBe('free_text');
    for (const kind of kinds) expect(kind.description.length).toBeGreaterThan(5);
  });

  test('schema enum matches the catalog', () => {
    const names = loadIdentifierKinds().map((kind) => kind.name);
    expect(definitions()['identifierKind']?.['enum']).toEqual(names);
  });
});

describe('purpose of use catalog', () => {
  test('holds the codes that grants commonly name', () => {
    const codes = loadPurposeOfUseCodes().map((entry) => entry.code);
    const expected = ['TREAT', 'ETREAT', 'BTG', 'HPAYMT', 'HOPERAT', 'HRESCH', 'PATRQT', 'PUBHLTH', 'HMARKT'];
    const more = ['FAMRQT', 'PWATRNY', 'SUPNWK', 'HSYSADMIN', 'COC', 'CLINTRL', 'HQUALIMP', 'HLEGAL', 'HDIRECT', 'HTEST'];

    for (const code of [...expected, ...more]) expect(codes).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('codes have display names and a system', () => {
    for (const entry of loadPurposeOfUseCodes()) expect(entry.display).not.toBe('');
    const catalog = readSpecAsset('catalogs/purpose-of-use.json') as { system: string };
    expect(catalog.system).toBe(purposeOfUseSystem);
  });
});

describe('JSON Schemas', () => {
  test.each(['hspec.schema.json', 'hspec-project.schema.json'])('%s compiles in strict mode', (file) => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    expect(() => ajv.compile(readSpecAsset(file) as Schema)).not.toThrow();
  });

  test.each(['hspec.schema.json', 'hspec-project.schema.json'])('%s describes every property', (file) => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      const properties = record['properties'];
      if (typeof properties === 'object' && properties !== null) {
        for (const [name, property] of Object.entries(properties)) {
          const described = typeof (property as Schema)['description'] === 'string';
          const referenced = typeof (property as Schema)['$ref'] === 'string';
          if (!described && !referenced) missing.push(`${path}.${name}`);
        }
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${path}.${key}`);
    };

    visit(readSpecAsset(file), '#');
    expect(missing).toEqual([]);
  });

  test('definitions have descriptions', () => {
    for (const [name, definition] of Object.entries(definitions())) {
      const described = typeof definition['description'] === 'string' || Array.isArray(definition['oneOf']);
      expect(described, name).toBe(true);
    }
  });
});
