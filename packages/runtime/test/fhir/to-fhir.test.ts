import { describe, expect, it } from 'vitest';
import { missingRequiredElements } from '../../src/fhir/check-cardinality.js';
import { stringifyFhirJson } from '../../src/fhir/fhir-json.js';
import { FhirMappingError } from '../../src/fhir/fhir-mapping-error.js';
import { dataAbsentReasonUrl, toFhirResource } from '../../src/fhir/to-fhir.js';
import type { FhirMapping } from '../../src/index.js';
import {
  actCode,
  field,
  first,
  labResultMapping,
  loinc,
  member,
  patientMapping,
  snomed,
  v2IdentifierType,
  visitMapping,
} from './fhir-fixture.js';
import { schemaErrors } from './r4-schema.js';

const masked = { extension: [{ url: dataAbsentReasonUrl, valueCode: 'masked' }] };

const patient = {
  id: 'p1',
  clinicId: 'c1',
  mrn: 'MRN-0001',
  ssn: '999-34-1238',
  givenName: 'Ann',
  familyName: 'Lee',
  birthDate: '1970-05-02',
  sex: 'female',
  phone: '555-0100',
  email: 'ann@example.org',
  street: '1 Main St',
  city: 'Springfield',
  state: 'MA',
  zip: '01101',
  active: true,
  birthOrder: 2,
  contacts: [{ relationship: [{ text: 'sister' }], name: { family: 'Lee' } }],
};

const visit = {
  id: 'v1',
  patientId: 'p1',
  clinicId: null,
  mode: 'video',
  start: new Date(Date.UTC(2024, 2, 1, 9, 30)),
  end: undefined,
  reason: '185349003',
};

const labResult = {
  id: 'o1',
  patientId: 'p1',
  accession: 'ACC-1',
  test: '2345-7',
  value: '5.50',
  unit: 'mmol/L',
  flag: 'abnormal',
  collectedAt: new Date(Date.UTC(2024, 2, 1, 8, 0, 0, 120)),
  comment: 'fasting',
};

describe('toFhirResource', () => {
  it('writes a Patient in R4 element order', () => {
    const resource = toFhirResource(patientMapping, patient);

    expect(stringifyFhirJson(resource, 2)).toBe(
      stringifyFhirJson(
        {
          resourceType: 'Patient',
          id: 'p1',
          identifier: [
            { type: { coding: [{ system: v2IdentifierType, code: 'MR' }] }, value: 'MRN-0001' },
            { system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-34-1238' },
          ],
          active: true,
          name: [{ use: 'official', family: 'Lee', given: ['Ann'] }],
          telecom: [
            { system: 'phone', value: '555-0100' },
            { system: 'email', value: 'ann@example.org' },
          ],
          gender: 'female',
          birthDate: '1970-05-02',
          address: [{ line: ['1 Main St'], city: 'Springfield', state: 'MA', postalCode: '01101' }],
          multipleBirthInteger: 2,
          contact: [{ relationship: [{ text: 'sister' }], name: { family: 'Lee' } }],
          managingOrganization: { reference: 'Organization/c1' },
        },
        2,
      ),
    );
    expect(schemaErrors(resource)).toEqual([]);
  });

  it('writes an Encounter with its fixed status and code systems', () => {
    const resource = toFhirResource(visitMapping, visit);

    expect(resource).toEqual({
      resourceType: 'Encounter',
      id: 'v1',
      status: 'finished',
      class: { system: actCode, code: 'VR' },
      subject: { reference: 'Patient/p1' },
      period: { start: '2024-03-01T09:30:00.000Z' },
      reasonCode: [{ coding: [{ system: snomed, code: '185349003' }] }],
    });
    expect(Object.keys(resource)).toEqual([
      'resourceType',
      'id',
      'status',
      'class',
      'subject',
      'period',
      'reasonCode',
    ]);
    expect(schemaErrors(resource)).toEqual([]);
    expect(missingRequiredElements(resource)).toEqual([]);
  });

  it('writes an Observation decimal digit for digit', () => {
    const resource = toFhirResource(labResultMapping, labResult);
    const text = stringifyFhirJson(resource);

    expect(text).toContain('"valueQuantity":{"value":5.50,"unit":"mmol/L"}');
    expect(text).toContain('"effectiveDateTime":"2024-03-01T08:00:00.120Z"');
    expect(resource['interpretation']).toEqual([{ coding: [{ code: 'A' }] }]);
    expect(resource['code']).toEqual({ coding: [{ system: loinc, code: '2345-7' }] });
    expect(schemaErrors(resource)).toEqual([]);
  });

  for (const value of ['1.50', '0.000', '-12.3400', '123456789012345678.90', '-0', '1E-7']) {
    it(`writes the decimal ${value} as given`, () => {
      const resource = toFhirResource(labResultMapping, { ...labResult, value });
      expect(stringifyFhirJson(resource)).toContain(`"valueQuantity":{"value":${value},`);
    });
  }

  it('merges fixed elements with mapped ones', () => {
    const mapping: FhirMapping = {
      ...visitMapping,
      fixed: {
        resourceType: 'Ignored',
        id: 'ignored',
        status: 'finished',
        class: { system: actCode, display: 'virtual' },
        type: [{ text: 'telehealth' }],
      },
    };
    const resource = toFhirResource(mapping, visit);

    expect(resource['id']).toBe('v1');
    expect(resource['resourceType']).toBe('Encounter');
    expect(resource['class']).toEqual({ system: actCode, code: 'VR', display: 'virtual' });
    expect(resource['type']).toEqual([{ text: 'telehealth' }]);
    expect(mapping.fixed['class']).toEqual({ system: actCode, display: 'virtual' });
  });

  it('leaves out null and undefined values', () => {
    const resource = toFhirResource(patientMapping, {
      id: 'p2',
      familyName: 'Lee',
      birthDate: '1970',
      givenName: null,
      phone: undefined,
    });
    expect(resource).toEqual({
      resourceType: 'Patient',
      id: 'p2',
      name: [{ use: 'official', family: 'Lee' }],
      birthDate: '1970',
    });
  });
});

describe('masked fields', () => {
  it('marks a masked code under a required element as absent', () => {
    const resource = toFhirResource(visitMapping, visit, { masked: new Set(['mode', 'reason']) });

    expect(resource['class']).toEqual({ system: actCode, _code: masked });
    expect(resource).not.toHaveProperty('reasonCode');
    expect(schemaErrors(resource)).toEqual([]);
    expect(missingRequiredElements(resource)).toEqual([]);
  });

  it('leaves out a masked field whose element R4 does not require', () => {
    const resource = toFhirResource(visitMapping, visit, { masked: new Set(['patientId']) });
    expect(resource).not.toHaveProperty('subject');
  });

  it('marks the masked test code of an Observation', () => {
    const resource = toFhirResource(labResultMapping, labResult, {
      masked: new Set(['test', 'value']),
    });

    expect(resource['code']).toEqual({ coding: [{ system: loinc, _code: masked }] });
    expect(resource['valueQuantity']).toEqual({ unit: 'mmol/L' });
    expect(stringifyFhirJson(resource)).not.toContain('2345-7');
    expect(schemaErrors(resource)).toEqual([]);
    expect(missingRequiredElements(resource)).toEqual([]);
  });

  const historyMapping: FhirMapping = {
    ...visitMapping,
    fields: [
      ...visitMapping.fields,
      field(
        'firstStatus',
        'statusHistory.first().status',
        [member('statusHistory', true), first, member('status')],
        { elementType: 'code', fieldType: 'code' },
      ),
      field(
        'firstStatusSince',
        'statusHistory.first().period.start',
        [member('statusHistory', true), first, member('period'), member('start')],
        { elementType: 'dateTime', fieldType: 'datetime' },
      ),
      field('firstReason', 'reasonCode.first()', [member('reasonCode', true), first], {
        elementType: 'CodeableConcept',
        fieldType: 'json',
      }),
    ],
  };

  it('marks a masked required leaf inside an element that another field builds', () => {
    const record = {
      ...visit,
      firstStatus: 'planned',
      firstStatusSince: new Date(Date.UTC(2024, 1, 1)),
    };
    const resource = toFhirResource(historyMapping, record, {
      masked: new Set(['firstStatus', 'firstReason']),
    });

    expect(resource['statusHistory']).toEqual([
      { _status: masked, period: { start: '2024-02-01T00:00:00.000Z' } },
    ]);
    // reasonCode is optional in R4, so its masked value is just absent.
    expect(resource['reasonCode']).toEqual([{ coding: [{ system: snomed, code: '185349003' }] }]);
    expect(schemaErrors(resource)).toEqual([]);
    expect(missingRequiredElements(resource)).toEqual([]);
  });

  it('builds no element just to mark a masked leaf', () => {
    const record = { ...visit, firstStatus: 'planned' };
    const resource = toFhirResource(historyMapping, record, { masked: new Set(['firstStatus']) });

    // An entry holding only the extension would lack its required period.
    expect(resource).not.toHaveProperty('statusHistory');
    expect(missingRequiredElements(resource)).toEqual([]);
  });

  it('marks a masked leaf under a required middle element', () => {
    const mapping: FhirMapping = {
      model: 'Rule',
      resource: 'Library',
      idField: 'id',
      fixed: { status: 'active', type: { text: 'logic' } },
      fields: [
        field(
          'context',
          'useContext.first().code.code',
          [member('useContext', true), first, member('code'), member('code')],
          { elementType: 'code', fieldType: 'code' },
        ),
        field('contextValue', 'useContext.first().valueCodeableConcept.text', [
          member('useContext', true),
          first,
          member('valueCodeableConcept'),
          member('text'),
        ]),
      ],
    };
    const record = { id: 'r1', context: 'age', contextValue: 'adults' };
    const resource = toFhirResource(mapping, record, { masked: new Set(['context']) });

    // UsageContext.code is required, so the Coding carries the extension on its code.
    expect(resource['useContext']).toEqual([
      { code: { _code: masked }, valueCodeableConcept: { text: 'adults' } },
    ]);
    expect(schemaErrors(resource)).toEqual([]);
    expect(missingRequiredElements(resource)).toEqual([]);
  });
});

describe('toFhirResource errors', () => {
  const cases: {
    name: string;
    mapping: FhirMapping;
    record: Record<string, unknown>;
    code: string;
    path: string;
    field: string;
    secret: string;
  }[] = [
    {
      name: 'a value outside the value map',
      mapping: visitMapping,
      record: { ...visit, mode: 'teleportation' },
      code: 'fhir.unmapped-value',
      path: 'class.code',
      field: 'mode',
      secret: 'teleportation',
    },
    {
      name: 'a decimal with a comma',
      mapping: labResultMapping,
      record: { ...labResult, value: '5,50' },
      code: 'fhir.invalid-value',
      path: 'valueQuantity.value',
      field: 'value',
      secret: '5,50',
    },
    {
      name: 'a date in another format',
      mapping: patientMapping,
      record: { ...patient, birthDate: '02/05/1970' },
      code: 'fhir.invalid-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: '02/05/1970',
    },
    {
      name: 'February 30',
      mapping: patientMapping,
      record: { ...patient, birthDate: '1970-02-30' },
      code: 'fhir.invalid-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: '1970-02-30',
    },
    {
      name: 'February 29 of a common year',
      mapping: patientMapping,
      record: { ...patient, birthDate: '1900-02-29' },
      code: 'fhir.invalid-value',
      path: 'birthDate',
      field: 'birthDate',
      secret: '1900-02-29',
    },
    {
      name: 'an invalid Date',
      mapping: visitMapping,
      record: { ...visit, start: new Date(Number.NaN) },
      code: 'fhir.invalid-value',
      path: 'period.start',
      field: 'start',
      secret: 'NaN',
    },
    {
      name: 'an empty string',
      mapping: patientMapping,
      record: { ...patient, familyName: '' },
      code: 'fhir.invalid-value',
      path: "name.where(use = 'official').first().family",
      field: 'familyName',
      secret: '""',
    },
    {
      name: 'a code with inner double spaces',
      mapping: visitMapping,
      record: { ...visit, reason: 'chest  pain' },
      code: 'fhir.invalid-value',
      path: 'reasonCode.first().coding.code',
      field: 'reason',
      secret: 'chest',
    },
    {
      name: 'a reference key that is no resource id',
      mapping: visitMapping,
      record: { ...visit, patientId: 'Ann Lee' },
      code: 'fhir.invalid-value',
      path: 'subject.reference',
      field: 'patientId',
      secret: 'Ann Lee',
    },
    {
      name: 'a boolean field holding a string',
      mapping: patientMapping,
      record: { ...patient, active: 'yes' },
      code: 'fhir.invalid-value',
      path: 'active',
      field: 'active',
      secret: 'yes',
    },
    {
      name: 'an integer beyond 32 bits',
      mapping: patientMapping,
      record: { ...patient, birthOrder: 2 ** 40 },
      code: 'fhir.invalid-value',
      path: 'multipleBirthInteger',
      field: 'birthOrder',
      secret: String(2 ** 40),
    },
    {
      name: 'a record without its id',
      mapping: patientMapping,
      record: { ...patient, id: null },
      code: 'fhir.missing-value',
      path: 'id',
      field: 'id',
      secret: 'null',
    },
  ];

  for (const { name, mapping, record, code, path, field: fieldName, secret } of cases) {
    it(`rejects ${name}`, () => {
      let caught: unknown;
      try {
        toFhirResource(mapping, record);
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

  it('names the resource id in the message', () => {
    expect(() => toFhirResource(visitMapping, { ...visit, mode: 'teleportation' })).toThrow(
      /^Encounter\/v1 class\.code \(field "mode"\): the value is not in the value map; expected one of video, office, home$/,
    );
  });
});
