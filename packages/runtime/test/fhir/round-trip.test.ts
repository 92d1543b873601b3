import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleIndex } from '../../src/fhir/bundle-index.js';
import { missingRequiredElements } from '../../src/fhir/check-cardinality.js';
import { parseFhirJson, stringifyFhirJson } from '../../src/fhir/fhir-json.js';
import { fromFhirResource } from '../../src/fhir/from-fhir.js';
import { dataAbsentReasonUrl, toFhirResource } from '../../src/fhir/to-fhir.js';
import type { FhirMapping } from '../../src/index.js';
import {
  clementeKreigerBundle,
  fixtureText,
  labResultMapping,
  lizConnBundle,
  patientMapping,
  visitMapping,
} from './fhir-fixture.js';
import { schemaErrors } from './r4-schema.js';

// FHIR string: at least one character, and no whitespace other than space, tab, CR and LF.
const fhirString = fc
  .string({ minLength: 1, maxLength: 30, unit: 'grapheme' })
  .filter((text) => /^[ \r\n\t\S]+$/.test(text));
const code = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const id = fc.uuid();
const instant = fc.date({
  min: new Date('0001-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
// A date as the model stores it, including the partial dates that FHIR allows.
const date = fc
  .tuple(instant, fc.constantFrom(4, 7, 10))
  .map(([value, length]) => value.toISOString().slice(0, length));
const decimal = fc.stringMatching(/^-?(0|[1-9][0-9]{0,19})(\.[0-9]{1,8})?$/);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const patientRecord = fc.record({
  id,
  clinicId: optional(id),
  mrn: optional(fhirString),
  ssn: optional(fc.stringMatching(/^\d{3}-\d{2}-\d{4}$/)),
  givenName: optional(fhirString),
  familyName: fhirString,
  birthDate: date,
  sex: optional(fc.constantFrom('female', 'male', 'other', 'unknown')),
  phone: optional(fhirString),
  email: optional(fhirString),
  street: optional(fhirString),
  city: optional(fhirString),
  state: optional(fhirString),
  zip: optional(fc.stringMatching(/^\d{5}$/)),
  active: optional(fc.boolean()),
  birthOrder: optional(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })),
  contacts: optional(
    fc.array(
      fc.record({
        gender: fc.constantFrom('female', 'male'),
        name: fc.record({ family: fhirString }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  ),
});

const visitRecord = fc.record({
  id,
  patientId: id,
  clinicId: optional(id),
  mode: fc.constantFrom('video', 'office', 'home'),
  start: instant,
  end: optional(instant),
  reason: optional(code),
});

const labResultRecord = fc.record({
  id,
  patientId: id,
  accession: optional(fhirString),
  test: code,
  value: optional(decimal),
  unit: optional(fhirString),
  flag: optional(fc.constantFrom('normal', 'abnormal', 'critical')),
  collectedAt: optional(instant),
  comment: optional(fhirString),
});

const models: {
  name: string;
  mapping: FhirMapping;
  records: fc.Arbitrary<Record<string, unknown>>;
}[] = [
  { name: 'Patient', mapping: patientMapping, records: patientRecord },
  { name: 'Visit', mapping: visitMapping, records: visitRecord },
  { name: 'LabResult', mapping: labResultMapping, records: labResultRecord },
];

describe('fromFhirResource(toFhirResource(record))', () => {
  for (const { name, mapping, records } of models) {
    it(`gives back every ${name} field`, () => {
      fc.assert(
        fc.property(records, (record) => {
          expect(fromFhirResource(mapping, toFhirResource(mapping, record))).toEqual(record);
        }),
        { numRuns: 300 },
      );
    });

    it(`gives back every ${name} field through JSON text`, () => {
      fc.assert(
        fc.property(records, (record) => {
          const text = stringifyFhirJson(toFhirResource(mapping, record));
          expect(fromFhirResource(mapping, parseFhirJson(text))).toEqual(record);
        }),
        { numRuns: 300 },
      );
    });

    it(`writes ${name} resources that the R4 schema accepts`, () => {
      fc.assert(
        fc.property(records, (record) => {
          const resource = toFhirResource(mapping, record);
          expect(schemaErrors(resource)).toEqual([]);
          expect(missingRequiredElements(resource)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    });

    it(`writes valid ${name} resources with any field masked`, () => {
      const fields = mapping.fields.map((entry) => entry.field);
      fc.assert(
        fc.property(records, fc.subarray(fields), (record, masked) => {
          const resource = toFhirResource(mapping, record, { masked: new Set(masked) });
          expect(schemaErrors(resource)).toEqual([]);
          expect(missingRequiredElements(resource)).toEqual([]);

          // A masked value may still appear when another field has the same value, or when it
          // is a key or the code of the extension, so only other values are looked for.
          const text = stringifyFhirJson(resource);
          const keys = [...text.matchAll(/"([^"\\]+)":/g)].map((match) => match[1]);
          const structural = new Set(['masked', dataAbsentReasonUrl, ...keys]);
          const withoutMasked = Object.fromEntries(masked.map((field) => [field, null]));
          const baseline = stringifyFhirJson(
            toFhirResource(mapping, { ...record, ...withoutMasked }),
          );
          for (const field of masked) {
            const value = record[field];
            if (typeof value !== 'string' || structural.has(value)) continue;
            if (baseline.includes(JSON.stringify(value))) continue;
            expect(text).not.toContain(JSON.stringify(value));
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  for (const value of ['1.50', '0.000', '-12.3400', '123456789012345678.90', '-0', '0.10000000']) {
    it(`gives back the decimal ${value} through JSON text`, () => {
      const record = {
        id: 'o1',
        patientId: 'p1',
        accession: null,
        test: '2345-7',
        value,
        unit: 'mmol/L',
        flag: null,
        collectedAt: null,
        comment: null,
      };
      const text = stringifyFhirJson(toFhirResource(labResultMapping, record));
      expect(fromFhirResource(labResultMapping, parseFhirJson(text))['value']).toBe(value);
    });
  }
});

describe('toFhirResource(fromFhirResource(resource)) on Synthea data', () => {
  for (const name of [lizConnBundle, clementeKreigerBundle]) {
    const index = BundleIndex.of(parseFhirJson(fixtureText(name)));
    const resources = index.entries().map((entry) => entry.resource);
    const pairs: { mapping: FhirMapping; resource: Record<string, unknown> }[] = resources.flatMap(
      (resource) => {
        if (resource['resourceType'] === 'Patient') return [{ mapping: patientMapping, resource }];
        if (resource['resourceType'] === 'Observation' && resource['valueQuantity'] !== undefined) {
          return [{ mapping: labResultMapping, resource }];
        }
        const classCode = (resource['class'] as { code?: string } | undefined)?.code;
        if (resource['resourceType'] === 'Encounter' && classCode === 'AMB')
          return [{ mapping: visitMapping, resource }];
        return [];
      },
    );

    it(`keeps each mapped value of ${name.slice(0, 15)}`, () => {
      expect(pairs.length).toBeGreaterThan(10);
      for (const { mapping, resource } of pairs) {
        const record = fromFhirResource(mapping, resource, { bundle: index });
        const written = toFhirResource(mapping, record);

        expect(schemaErrors(written)).toEqual([]);
        expect(fromFhirResource(mapping, parseFhirJson(stringifyFhirJson(written)))).toEqual(
          record,
        );
      }
    });
  }
});
