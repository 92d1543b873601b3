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

export { identifyingValues, valuesIn } from './identifying-values.mjs';
