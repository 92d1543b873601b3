import { readFileSync } from 'node:fs';

/** Reads a file of test/fixtures/fhir-deid as text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/fhir-deid/${name}`, import.meta.url), 'utf8');
}

export const bethanyBundle = 'Bethany_Hauck_36ab2c13-d59e-4f1f-913c-9260ef647da8.json';

/** The 17 prefixes of specs/catalogs/restricted-zip3.json. */
export const restrictedZip3: readonly string[] = (
  JSON.parse(
    readFileSync(new URL('../../../../specs/catalogs/restricted-zip3.json', import.meta.url), 'utf8'),
  ) as { prefixes: string[] }
).prefixes;

/**
 * Collects every identifying value of FHIR JSON by element shape, whatever the resource type:
 * HumanName parts, Identifier values, Address lines and cities, ContactPoint values, and every
 * date or date-time with a month.
 */
export function identifyingValues(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) identifyingValues(item, found);
    return found;
  }
  if (typeof node === 'string') {
    if (/^[0-9]{4}-[0-9]{2}/.test(node)) found.add(node);
    return found;
  }
  if (typeof node !== 'object' || node === null) return found;

  const record = node as Record<string, unknown>;
  const looksLikeName = 'family' in record || ('given' in record && Array.isArray(record['given']));
  if (looksLikeName) {
    for (const key of ['family', 'given', 'prefix', 'suffix', 'text']) addStrings(record[key], found);
  }
  if ('value' in record && ('system' in record || 'type' in record) && typeof record['value'] === 'string') {
    found.add(record['value']);
  }
  if ('line' in record || 'city' in record) {
    addStrings(record['line'], found);
    addStrings(record['city'], found);
  }
  for (const value of Object.values(record)) identifyingValues(value, found);
  return found;
}

function addStrings(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') found.add(value);
  if (Array.isArray(value)) for (const item of value) addStrings(item, found);
}

/**
 * Returns the values that occur in serialized JSON: as a substring, or for values shorter than
 * four characters (such as a 3-digit NPI) as an element `"value":"590"`, because codes hold
 * such short texts by chance (CVX vaccine code "140").
 */
export function valuesIn(text: string, values: Iterable<string>): string[] {
  return [...values].filter((value) =>
    value.length >= 4 ? text.includes(value) : text.includes(`"value":${JSON.stringify(value)}`),
  );
}
