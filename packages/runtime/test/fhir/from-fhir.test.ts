import { describe, expect, it } from 'vitest';
import { BundleIndex } from '../../src/fhir/bundle-index.js';
import { parseFhirJson } from '../../src/fhir/fhir-json.js';
import { FhirMappingError } from '../../src/fhir/fhir-mapping-error.js';
import { fromFhirResource } from '../../src/fhir/from-fhir.js';
import type { FhirMapping } from '../../src/index.js';
import {
  actCode,
  clementeKreigerBundle,
  field,
  fixtureText,
  labResultMapping,
  lizConnBundle,
  loinc,
  member,
  patientMapping,
  visitMapping,
} from './fhir-fixture.js';

function fixture(name: string): Record<string, unknown> {
  return parseFhirJson(fixtureText(name)) as Record<string, unknown>;
}

const encounter = {
  resourceType: 'Encounter',
  id: 'v1',
  status: 'finished',
  class: { system: actCode, code: 'AMB' },
  subject: { reference: 'Patient/p1' },
  period: { start: '2013-05-14T10:00:00+10:00' },
};

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: loinc, code: '2345-7' }] },
  subject: { reference: 'Patient/p1' },
};

describe('fromFhirResource on HL7 examples', () => {
  it('reads a Patient with several names, phones and extensions', () => {
    expect(fromFhirResource(patientMapping, fixture('Patient-example.json'))).toEqual({
      id: 'example',
      clinicId: '1',
      mrn: '12345',
      ssn: null,
      givenName: 'Peter',
      familyName: 'Chalmers',
      birthDate: '1974-12-25',
      sex: 'male',
      phone: '(03) 5555 6473',
      email: null,
      street: '534 Erewhon St',
      city: 'PleasantVille',
      state: 'Vic',
      zip: '3999',
      active: true,
      birthOrder: null,
      contacts: fixture('Patient-example.json')['contact'],
    });
  });

  it('reads the BMI Observation with its decimal and code', () => {
    const mapping: FhirMapping = {
      ...labResultMapping,
      fields: labResultMapping.fields.map((entry) =>
        entry.field === 'patientId' ? { ...entry, optional: true } : entry,
      ),
    };
    const record = fromFhirResource(mapping, fixture('Observation-bmi.json'));
    expect(record).toMatchObject({ id: 'bmi', test: '39156-5', value: '16.2', unit: 'kg/m2' });
  });
});

describe('fromFhirResource on more HL7 examples', () => {
  it('reads Donald Duck by his official name and MRN, without a birth date', () => {
    const mapping: FhirMapping = {
      ...patientMapping,
      fields: patientMapping.fields.map((entry) =>
        entry.field === 'birthDate' ? { ...entry, optional: true } : entry,
      ),
    };
    expect(fromFhirResource(mapping, fixture('Patient-pat1.json'))).toMatchObject({
      id: 'pat1',
      mrn: '654321',
      givenName: 'Duck',
      familyName: 'Donald',
      sex: 'male',
      birthDate: null,
    });
  });

  it('rejects a Patient with only a usual name, naming the path', () => {
    expect(() => fromFhirResource(patientMapping, fixture('Patient-f001.json'))).toThrow(
      expect.objectContaining({
        code: 'fhir.missing-value',
        resourceId: 'f001',
        path: "name.where(use = 'official').first().family",
      }),
    );
  });

  it('reads a home visit with a +10:00 offset', () => {
    const record = fromFhirResource(visitMapping, fixture('Encounter-home.json'));
    expect(record).toMatchObject({ id: 'home', patientId: 'example', mode: 'home' });
    expect(record['start']).toEqual(new Date(Date.UTC(2015, 0, 17, 6, 0)));
    expect(record['end']).toEqual(new Date(Date.UTC(2015, 0, 17, 6, 30)));
  });

  it('rejects an inpatient Encounter whose class the value map lacks', () => {
    expect(() => fromFhirResource(visitMapping, fixture('Encounter-example.json'))).toThrow(
      expect.objectContaining({
        code: 'fhir.unmapped-value',
        resourceId: 'example',
        path: 'class.code',
      }),
    );
  });

  it('reads the first LOINC code and a date-only effective time', () => {
    const record = fromFhirResource(labResultMapping, fixture('Observation-example.json'));
    expect(record).toMatchObject({
      id: 'example',
      patientId: 'example',
      test: '29463-7',
      value: '185',
    });
    expect(record['collectedAt']).toEqual(new Date(Date.UTC(2016, 2, 28)));
  });
});

describe('fromFhirResource conversions', () => {
  for (const birthDate of ['1970', '1970-05', '1970-05-02']) {
    it(`keeps the partial date ${birthDate}`, () => {
      const patient = {
        resourceType: 'Patient',
        id: 'p1',
        birthDate,
        name: [{ use: 'official', family: 'Lee' }],
      };
      expect(fromFhirResource(patientMapping, patient)['birthDate']).toBe(birthDate);
    });
  }

  const dateTimes = [
    { text: '2013-05-14T10:00:00+10:00', want: Date.UTC(2013, 4, 14, 0, 0, 0) },
    { text: '2013-05-14T10:00:00.123-05:30', want: Date.UTC(2013, 4, 14, 15, 30, 0, 123) },
    { text: '2013-05-14T10:00:00Z', want: Date.UTC(2013, 4, 14, 10, 0, 0) },
    { text: '2015-02-07', want: Date.UTC(2015, 1, 7) },
    { text: '2015-02', want: Date.UTC(2015, 1, 1) },
    { text: '2015', want: Date.UTC(2015, 0, 1) },
    { text: '0045', want: new Date('0045-01-01T00:00:00Z').getTime() },
  ];
  for (const { text, want } of dateTimes) {
    it(`reads the dateTime ${text} as one instant`, () => {
      const resource = { ...encounter, period: { start: text } };
      const start = fromFhirResource(visitMapping, resource)['start'];
      expect(start).toBeInstanceOf(Date);
      expect((start as Date).getTime()).toBe(want);
    });
  }

  it('takes the date as written from a dateTime element', () => {
    const mapping: FhirMapping = {
      ...visitMapping,
      fields: [
        ...visitMapping.fields,
        field('day', 'period.start', [member('period'), member('start')], {
          elementType: 'dateTime',
          fieldType: 'date',
        }),
      ],
    };
    expect(fromFhirResource(mapping, encounter)['day']).toBe('2013-05-14');
  });

  const decimals = [
    { json: '1.50', want: '1.50' },
    { json: '0.000', want: '0.000' },
    { json: '-12.3400', want: '-12.3400' },
    { json: '123456789012345678.90', want: '123456789012345678.90' },
    { json: '2.5e3', want: '2.5e3' },
  ];
  for (const { json, want } of decimals) {
    it(`reads the decimal ${json} digit for digit`, () => {
      const resource = parseFhirJson(`{"resourceType":"Observation","id":"o1","status":"final",
        "code":{"coding":[{"system":"${loinc}","code":"2345-7"}]},
        "subject":{"reference":"Patient/p1"},"valueQuantity":{"value":${json}}}`);
      expect(fromFhirResource(labResultMapping, resource)['value']).toBe(want);
    });
  }

  const shortest = [
    { value: 1.5, want: '1.5' },
    { value: 1e21, want: '1000000000000000000000' },
    { value: -2.5e-7, want: '-0.00000025' },
    { value: 1.2345e25, want: '12345000000000000000000000' },
    { value: 5e-324, want: `0.${'0'.repeat(323)}5` },
  ];
  for (const { value, want } of shortest) {
    it(`writes the number ${value} without an exponent`, () => {
      const resource = { ...observation, valueQuantity: { value } };
      expect(fromFhirResource(labResultMapping, resource)['value']).toBe(want);
    });
  }

  it('reads a reference as Type/id, absolute URL or Bundle urn', () => {
    const bundle = BundleIndex.of({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6f1c6b0e-2a8e-4e2e-9d1e-3b1a2c3d4e5f',
          resource: { resourceType: 'Patient' },
        },
      ],
    });
    const read = (reference: string) =>
      fromFhirResource(visitMapping, { ...encounter, subject: { reference } }, { bundle })[
        'patientId'
      ];

    expect(read('Patient/p1')).toBe('p1');
    expect(read('https://fhir.example.org/r4/Patient/p2/_history/3')).toBe('p2');
    expect(read('urn:uuid:6f1c6b0e-2a8e-4e2e-9d1e-3b1a2c3d4e5f')).toBe(
      '6f1c6b0e-2a8e-4e2e-9d1e-3b1a2c3d4e5f',
    );
  });

  it('ignores fixed elements and unknown extra elements', () => {
    const resource = {
      ...encounter,
      status: 'in-progress',
      priority: { text: 'urgent' },
      futureElement: 1,
    };
    expect(fromFhirResource(visitMapping, resource)).toEqual({
      id: 'v1',
      patientId: 'p1',
      clinicId: null,
      mode: 'office',
      start: new Date(Date.UTC(2013, 4, 14)),
      end: null,
      reason: null,
    });
  });

  it('takes the id from the urn:uuid: of a Bundle entry without one', () => {
    const patient = {
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Lee' }],
      birthDate: '1970',
    };
    const bundle = BundleIndex.of({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e', resource: patient }],
    });
    expect(fromFhirResource(patientMapping, patient, { bundle })['id']).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    );
  });
});

describe('fromFhirResource on Synthea bundles', () => {
  const modeOfClass: Record<string, string> = { AMB: 'office', VR: 'video', HH: 'home' };

  for (const name of [lizConnBundle, clementeKreigerBundle]) {
    const bundle = fixture(name);
    const index = BundleIndex.of(bundle);
    const resources = index.entries().map((entry) => entry.resource);
    const patient = resources.find((resource) => resource['resourceType'] === 'Patient')!;

    it(`reads the Patient of ${name.slice(0, 15)}`, () => {
      const record = fromFhirResource(patientMapping, patient, { bundle: index });
      const names = patient['name'] as { use: string; family: string; given: string[] }[];
      const official = names.find((entry) => entry.use === 'official')!;

      expect(record['id']).toBe(patient['id']);
      expect(record['familyName']).toBe(official.family);
      expect(record['givenName']).toBe(official.given[0]);
      expect(record['birthDate']).toBe(patient['birthDate']);
      expect(record['sex']).toBe(patient['gender']);
      expect(record['ssn']).toMatch(/^999-\d\d-\d{4}$/);
      const identifiers = patient['identifier'] as {
        type?: { coding: { code: string }[] };
        value: string;
      }[];
      const mrn = identifiers.find((identifier) => identifier.type?.coding[0]?.code === 'MR');
      expect(record['mrn']).toBe(mrn?.value);
      expect(record['zip']).toBeTypeOf('string');
    });

    it(`reads every Encounter of ${name.slice(0, 15)} or names the unmapped class`, () => {
      const encounters = resources.filter((resource) => resource['resourceType'] === 'Encounter');
      expect(encounters.length).toBeGreaterThan(0);
      for (const resource of encounters) {
        const classCode = (resource['class'] as { code: string }).code;
        if (!Object.hasOwn(modeOfClass, classCode)) {
          expect(() => fromFhirResource(visitMapping, resource, { bundle: index })).toThrow(
            expect.objectContaining({
              code: 'fhir.unmapped-value',
              path: 'class.code',
              resourceId: resource['id'],
            }),
          );
          continue;
        }
        const record = fromFhirResource(visitMapping, resource, { bundle: index });
        const period = resource['period'] as { start: string; end: string };
        expect(record['patientId']).toBe(patient['id']);
        expect(record['mode']).toBe(modeOfClass[classCode]);
        expect((record['start'] as Date).getTime()).toBe(Date.parse(period.start));
        expect((record['end'] as Date).getTime()).toBe(Date.parse(period.end));
        expect(record['clinicId']).toBeTypeOf('string');
      }
    });

    it(`reads every quantity Observation of ${name.slice(0, 15)} digit for digit`, () => {
      const observations = resources.filter(
        (resource) =>
          resource['resourceType'] === 'Observation' && resource['valueQuantity'] !== undefined,
      );
      const text = fixtureText(name);
      expect(observations.length).toBeGreaterThan(10);
      for (const resource of observations) {
        const record = fromFhirResource(labResultMapping, resource, { bundle: index });
        const value = record['value'] as string;
        expect(text).toContain(`"value": ${value},`);
        expect(Number(value)).toBe((resource['valueQuantity'] as { value: number }).value);
        expect(record['patientId']).toBe(patient['id']);
        expect(record['accession']).toBeNull();
      }
    });
  }
});

describe('fromFhirResource errors', () => {
  const cases: {
    name: string;
    mapping: FhirMapping;
    resource: unknown;
    code: string;
    path: string;
    field: string | undefined;
    secret: string;
    bundle?: BundleIndex;
  }[] = [
    {
      name: 'a required value that is missing',
      mapping: patientMapping,
      resource: { resourceType: 'Patient', id: 'p1', name: [{ use: 'official', family: 'Lee' }] },
      code: 'fhir.missing-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: 'Lee',
    },
    {
      name: 'a required value that only a data-absent-reason holds',
      mapping: visitMapping,
      resource: {
        ...encounter,
        class: {
          system: actCode,
          _code: {
            extension: [
              {
                url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
                valueCode: 'masked',
              },
            ],
          },
        },
      },
      code: 'fhir.missing-value',
      path: 'class.code',
      field: 'mode',
      secret: 'masked',
    },
    {
      name: 'a code outside the value map',
      mapping: visitMapping,
      resource: { ...encounter, class: { system: actCode, code: 'EMER' } },
      code: 'fhir.unmapped-value',
      path: 'class.code',
      field: 'mode',
      secret: 'EMER',
    },
    {
      name: 'a date with the wrong JSON type',
      mapping: patientMapping,
      resource: {
        resourceType: 'Patient',
        id: 'p1',
        name: [{ use: 'official', family: 'Lee' }],
        birthDate: 19741225,
      },
      code: 'fhir.invalid-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: '19741225',
    },
    {
      name: 'a date in another format',
      mapping: patientMapping,
      resource: {
        resourceType: 'Patient',
        id: 'p1',
        name: [{ use: 'official', family: 'Lee' }],
        birthDate: '25/12/1974',
      },
      code: 'fhir.invalid-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: '1974',
    },
    {
      name: 'a dateTime with a time but no time zone',
      mapping: visitMapping,
      resource: { ...encounter, period: { start: '2013-05-14T10:00:00' } },
      code: 'fhir.invalid-value',
      path: 'period.start',
      field: 'start',
      secret: '2013',
    },
    {
      name: 'a decimal written as a string',
      mapping: labResultMapping,
      resource: { ...observation, valueQuantity: { value: '5.50' } },
      code: 'fhir.invalid-value',
      path: 'valueQuantity.value',
      field: 'value',
      secret: '5.50',
    },
    {
      name: 'a reference to another resource type',
      mapping: visitMapping,
      resource: { ...encounter, subject: { reference: 'Group/g-secret' } },
      code: 'fhir.unresolved-reference',
      path: 'subject.reference',
      field: 'patientId',
      secret: 'g-secret',
    },
    {
      name: 'a urn: without a Bundle',
      mapping: visitMapping,
      resource: {
        ...encounter,
        subject: { reference: 'urn:uuid:ee9f8dd8-72d2-4769-8020-89e504b1504b' },
      },
      code: 'fhir.unresolved-reference',
      path: 'subject.reference',
      field: 'patientId',
      secret: 'ee9f8dd8',
    },
    {
      name: 'a urn: that the Bundle lacks',
      mapping: visitMapping,
      resource: {
        ...encounter,
        subject: { reference: 'urn:uuid:ee9f8dd8-72d2-4769-8020-89e504b1504b' },
      },
      bundle: BundleIndex.of(JSON.parse(fixtureText('Bundle-bundle-references.json'))),
      code: 'fhir.unresolved-reference',
      path: 'subject.reference',
      field: 'patientId',
      secret: 'ee9f8dd8',
    },
    {
      name: 'a subject with only an identifier',
      mapping: visitMapping,
      resource: { ...encounter, subject: { identifier: { value: 'MRN-77' } } },
      code: 'fhir.missing-value',
      path: 'subject.reference',
      field: 'patientId',
      secret: 'MRN-77',
    },
    {
      name: 'another resource type',
      mapping: visitMapping,
      resource: observation,
      code: 'fhir.wrong-resource-type',
      path: 'resourceType',
      field: undefined,
      secret: '2345-7',
    },
    {
      name: 'a resource type that is not R4',
      mapping: visitMapping,
      resource: { resourceType: 'Ann Lee', id: 'x' },
      code: 'fhir.wrong-resource-type',
      path: 'resourceType',
      field: undefined,
      secret: 'Ann',
    },
    {
      name: 'a resource without id',
      mapping: visitMapping,
      resource: { ...encounter, id: undefined },
      code: 'fhir.missing-value',
      path: 'id',
      field: 'id',
      secret: 'Patient/p1',
    },
    {
      name: 'an id that is not an R4 id',
      mapping: visitMapping,
      resource: { ...encounter, id: 'Ann Lee' },
      code: 'fhir.invalid-value',
      path: 'id',
      field: 'id',
      secret: 'Ann',
    },
  ];

  for (const { name, mapping, resource, code, path, field: fieldName, secret, bundle } of cases) {
    it(`rejects ${name}`, () => {
      let caught: unknown;
      try {
        fromFhirResource(mapping, resource, bundle === undefined ? {} : { bundle });
      } catch (error) {
        caught = error;
      }

      expect(caught).toBeInstanceOf(FhirMappingError);
      const error = caught as FhirMappingError;
      expect(error.code).toBe(code);
      expect(error.resourceType).toBe(mapping.resource);
      expect(error.path).toBe(path);
      expect(error.field).toBe(fieldName);
      expect(error.message).toContain(path);
      expect(error.message).not.toContain(secret);
    });
  }

  it('names the resource id and path in the message', () => {
    const resource = {
      resourceType: 'Patient',
      id: 'p1',
      name: [{ use: 'official', family: 'Lee' }],
    };
    expect(() => fromFhirResource(patientMapping, resource)).toThrow(
      'Patient/p1 birthDate (field "birthDate"): the field is required but the resource has no value there',
    );
    expect(() => fromFhirResource(visitMapping, observation)).toThrow(
      'Encounter (no id) resourceType: expected resourceType Encounter, got Observation',
    );
  });

  it('names the system when no element of it holds the value', () => {
    const resource = { ...encounter, class: { system: 'http://example.org/visit-kinds', code: 'AMB' } };

    expect(() => fromFhirResource(visitMapping, resource)).toThrow(
      `Encounter/v1 class.code (field "mode"): the field is required but the resource has no value there; the path reads only an element with system ${actCode}`,
    );
  });
});
