import { describe, expect, it } from 'vitest';

import { FhirDeidentifier } from '../../src/deid/fhir-deidentifier.js';
import { SafeHarbor } from '../../src/deid/safe-harbor.js';
import type { DeidElementKind } from '../../src/deid/deid-summary.js';
import { decimalText } from '../../src/fhir/decimal-text.js';
import { parseFhirJson, stringifyFhirJson } from '../../src/fhir/fhir-json.js';
import { bethanyBundle, fixtureText, restrictedZip3 } from './fhir-deid-fixture.js';

const asOf = new Date('2025-06-15T00:00:00Z');

function deidentifier(): FhirDeidentifier {
  return new FhirDeidentifier({ harbor: new SafeHarbor({ restrictedZip3, asOf }) });
}

function coded(code: string) {
  return { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code }] };
}

interface KindCase {
  readonly kind: DeidElementKind;
  readonly resource: Record<string, unknown>;
  /** An element that must be absent from the output. */
  readonly gone: (output: Record<string, unknown>) => unknown;
}

const kindCases: readonly KindCase[] = [
  {
    kind: 'name',
    resource: { resourceType: 'Patient', name: [{ family: 'Hauck', given: ['Bethany'] }] },
    gone: (output) => output['name'],
  },
  {
    kind: 'geographic',
    resource: { resourceType: 'Patient', address: [{ line: ['1 Main St'], city: 'Boston', state: 'MA' }] },
    gone: (output) => (output['address'] as { line?: unknown }[])[0]!.line,
  },
  {
    kind: 'date',
    resource: { resourceType: 'Patient', deceasedDateTime: '1989-05-09T20:35:22-04:00' },
    gone: (output) => (output['deceasedDateTime'] === '1989' ? undefined : output['deceasedDateTime']),
  },
  {
    kind: 'phone',
    resource: { resourceType: 'Patient', telecom: [{ system: 'phone', value: '555-551-9745' }] },
    gone: (output) => output['telecom'],
  },
  {
    kind: 'fax',
    resource: { resourceType: 'Patient', telecom: [{ system: 'fax', value: '555-551-9746' }] },
    gone: (output) => output['telecom'],
  },
  {
    kind: 'email',
    resource: { resourceType: 'Patient', telecom: [{ system: 'email', value: 'b@example.org' }] },
    gone: (output) => output['telecom'],
  },
  {
    kind: 'ssn',
    resource: { resourceType: 'Patient', identifier: [{ type: coded('SS'), value: '999-55-5927' }] },
    gone: (output) => output['identifier'],
  },
  {
    kind: 'medical_record_number',
    resource: { resourceType: 'Patient', identifier: [{ type: coded('MR'), value: 'MRN-1' }] },
    gone: (output) => output['identifier'],
  },
  {
    kind: 'health_plan_number',
    resource: {
      resourceType: 'Coverage',
      status: 'active',
      subscriberId: 'SUB-1',
      beneficiary: { reference: 'Patient/p1' },
      payor: [{ reference: 'Organization/o1' }],
    },
    gone: (output) => output['subscriberId'],
  },
  {
    kind: 'account_number',
    resource: { resourceType: 'Account', status: 'active', identifier: [{ value: 'ACC-1' }] },
    gone: (output) => output['identifier'],
  },
  {
    kind: 'license_number',
    resource: { resourceType: 'Patient', identifier: [{ type: coded('DL'), value: 'S99913894' }] },
    gone: (output) => output['identifier'],
  },
  {
    kind: 'device_id',
    resource: { resourceType: 'Device', serialNumber: 'SN-77', udiCarrier: [{ deviceIdentifier: '0123' }] },
    gone: (output) => output['serialNumber'] ?? output['udiCarrier'],
  },
  {
    kind: 'url',
    resource: { resourceType: 'Patient', telecom: [{ system: 'url', value: 'https://example.org/~b' }] },
    gone: (output) => output['telecom'],
  },
  {
    kind: 'ip_address',
    resource: {
      resourceType: 'AuditEvent',
      type: { code: 'rest' },
      recorded: '2020-01-01T00:00:00Z',
      agent: [{ requestor: true, network: { address: '10.0.0.7', type: '2' } }],
      source: { observer: { reference: 'Device/d1' } },
    },
    gone: (output) => (output['agent'] as { network: { address?: string } }[])[0]!.network.address,
  },
  {
    kind: 'biometric',
    resource: {
      resourceType: 'Media',
      status: 'completed',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'audio' }] },
      content: { contentType: 'audio/wav', data: 'UklGRg==' },
    },
    gone: (output) => (output['content'] as { data?: string }).data,
  },
  {
    kind: 'photo',
    resource: { resourceType: 'Patient', photo: [{ contentType: 'image/jpeg', data: '/9j/4AAQ' }] },
    gone: (output) => output['photo'],
  },
  {
    kind: 'other_id',
    resource: { resourceType: 'Patient', identifier: [{ type: coded('PPN'), value: 'X272763X' }] },
    gone: (output) => output['identifier'],
  },
  {
    kind: 'free_text',
    resource: { resourceType: 'Patient', text: { status: 'generated', div: '<div>Bethany</div>' } },
    gone: (output) => output['text'],
  },
];

describe('FhirDeidentifier default rules', () => {
  it.each(kindCases)('removes and counts a $kind element', ({ kind, resource, gone }) => {
    const deid = deidentifier();
    const output = deid.resource(resource);

    expect(gone(output)).toBeUndefined();
    expect(deid.summary().elements[kind]).toBeGreaterThan(0);
  });

  it('has a case for every identifier kind that R4 can hold', () => {
    // R4 has no element for a vehicle identifier. One could only arrive as an Identifier or an
    // extension, which are removed and counted as other_id or free_text.
    const kinds = new Set(kindCases.map((entry) => entry.kind));
    expect(kinds.size).toBe(18);
    expect(kinds.has('vehicle_id')).toBe(false);
  });

  it('keeps the state, country and ZIP3 of an address', () => {
    const output = deidentifier().resource({
      resourceType: 'Patient',
      address: [
        { use: 'home', line: ['1 Main St'], city: 'Hanover', district: 'Grafton', state: 'NH', postalCode: '03601', country: 'US' },
        { state: 'MA', postalCode: '02108-1234' },
        { postalCode: 'SW1A 1AA', country: 'GB' },
      ],
    });

    expect(output['address']).toEqual([
      { use: 'home', state: 'NH', postalCode: '000', country: 'US' },
      { state: 'MA', postalCode: '021' },
      { postalCode: '000', country: 'GB' },
    ]);
  });

  it('removes the geolocation extension and the address parts of a birthplace', () => {
    const output = deidentifier().resource({
      resourceType: 'Patient',
      address: [
        {
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/geolocation',
              extension: [{ url: 'latitude', valueDecimal: 42.33196 }],
            },
          ],
          state: 'MA',
        },
      ],
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
          valueAddress: { city: 'Edgartown', state: 'Massachusetts', country: 'US' },
        },
        { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'Khalilah Ernser' },
      ],
    });

    expect(output['address']).toEqual([{ state: 'MA' }]);
    expect(output['extension']).toEqual([
      {
        url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
        valueAddress: { state: 'Massachusetts', country: 'US' },
      },
    ]);
  });

  it.each([
    ['1936-06-15', '1936'],
    ['1935-06-15', undefined],
    ['1920-03-02', undefined],
  ])('applies the birth-year rule to birthDate %s', (birthDate, expected) => {
    const output = deidentifier().resource({ resourceType: 'Patient', birthDate });
    expect(output['birthDate']).toBe(expected);
  });

  it('keeps the written year of partial dates and date-times with zones', () => {
    const output = deidentifier().resource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '2019-12-31T23:30:00-05:00', end: '2020-01-01T00:15:00+14:00' },
      statusHistory: [{ status: 'arrived', period: { start: '2019-07' } }],
    });

    expect(output['period']).toEqual({ start: '2019', end: '2020' });
    expect(output['statusHistory']).toEqual([{ status: 'arrived', period: { start: '2019' } }]);
  });

  it('removes instants and times, which cannot hold a year alone', () => {
    const output = deidentifier().resource({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      issued: '2020-02-03T04:05:06.789Z',
      valueTime: '10:30:00',
      effectiveDateTime: '2020-02-03',
    });

    expect(output['issued']).toBeUndefined();
    expect(output['valueTime']).toBeUndefined();
    expect(output['effectiveDateTime']).toBe('2020');
    expect(output['code']).toBeUndefined();
  });

  it('aggregates Age quantities over 89 into 90 or older', () => {
    const output = deidentifier().resource({
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      onsetAge: { value: 95, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' },
      abatementAge: { value: 89, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' },
    });

    expect(output['onsetAge']).toEqual({
      value: 90,
      comparator: '>=',
      unit: 'years',
      system: 'http://unitsofmeasure.org',
      code: 'a',
    });
    expect(output['abatementAge']).toEqual({
      value: 89,
      unit: 'years',
      system: 'http://unitsofmeasure.org',
      code: 'a',
    });
  });

  it('aggregates an Age in months over 89 years', () => {
    const output = deidentifier().resource({
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      onsetAge: { value: 1100, unit: 'months', system: 'http://unitsofmeasure.org', code: 'mo' },
    });

    expect(output['onsetAge']).toEqual({
      value: 90,
      comparator: '>=',
      unit: 'a',
      system: 'http://unitsofmeasure.org',
      code: 'a',
    });
  });

  it('keeps codes, numbers, coding displays and quantity units', () => {
    const output = deidentifier().resource({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8302-2', display: 'Body Height' }], text: 'Body Height' },
      valueQuantity: { value: 172.4, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' },
    });

    expect(output['code']).toEqual({
      coding: [{ system: 'http://loinc.org', code: '8302-2', display: 'Body Height' }],
    });
    expect(output['valueQuantity']).toEqual({
      value: 172.4,
      unit: 'cm',
      system: 'http://unitsofmeasure.org',
      code: 'cm',
    });
  });

  it('keeps only the profiles of meta and removes unknown elements', () => {
    const deid = deidentifier();
    const output = deid.resource({
      resourceType: 'Patient',
      meta: { versionId: '3', lastUpdated: '2020-01-01T00:00:00Z', profile: ['http://example.org/p'], tag: [{ code: 't' }] },
      nickname: 'Beth',
    });

    expect(output).toEqual({ resourceType: 'Patient', meta: { profile: ['http://example.org/p'] } });
  });

  it('keeps the digits of decimals', () => {
    const resource = parseFhirJson(
      '{"resourceType":"Observation","status":"final","code":{"coding":[{"code":"x"}]},"valueQuantity":{"value":1.50,"unit":"mmol/L"}}',
    ) as Record<string, unknown>;
    const output = deidentifier().resource(resource);

    expect(decimalText(output['valueQuantity'] as object, 'value')).toBe('1.50');
    expect(stringifyFhirJson(output)).toContain('"value":1.50');
  });

  it('pseudonymizes ids and references with the same code', () => {
    const deid = deidentifier();
    const patient = deid.resource({ resourceType: 'Patient', id: 'p1' });
    const encounter = deid.resource({
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: 'Patient/p1', display: 'Bethany Hauck' },
      serviceProvider: { reference: 'https://fhir.example.org/r4/Organization/o1/_history/2' },
      basedOn: [{ reference: 'ServiceRequest?identifier=123' }],
    });

    expect(patient['id']).toMatch(/^[a-z2-7]{20}$/);
    expect(patient['id']).not.toBe('p1');
    expect(encounter['subject']).toEqual({ reference: `Patient/${String(patient['id'])}` });
    expect(encounter['serviceProvider']).toEqual({
      reference: `Organization/${deid.harbor.pseudonym('Organization', 'o1')}`,
    });
    expect(encounter['basedOn']).toBeUndefined();
  });

  it('keeps contained ids and their local references', () => {
    const output = deidentifier().resource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      contained: [{ resourceType: 'Medication', id: 'med1', code: { coding: [{ code: '123' }] } }],
      medicationReference: { reference: '#med1' },
      subject: { reference: 'Patient/p1' },
    });

    expect(output['contained']).toEqual([
      { resourceType: 'Medication', id: 'med1', code: { coding: [{ code: '123' }] } },
    ]);
    expect(output['medicationReference']).toEqual({ reference: '#med1' });
  });

  it('walks primitive extensions only beside kept primitives', () => {
    const output = deidentifier().resource({
      resourceType: 'Patient',
      gender: 'female',
      _gender: { extension: [{ url: 'http://example.org/source', valueCode: 'self' }] },
      birthDate: '1970-01-01',
      _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1970-01-01T08:00:00Z' }] },
      name: [{ family: 'Doe' }],
      _name: { id: 'x' },
    });

    expect(output['_gender']).toEqual({ extension: [{ url: 'http://example.org/source', valueCode: 'self' }] });
    expect(output['_birthDate']).toEqual({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1970' }],
    });
    expect(output['_name']).toBeUndefined();
  });

  it('does not change its input', () => {
    const resource = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Doe' }] };
    const copy = structuredClone(resource);
    deidentifier().resource(resource);
    expect(resource).toEqual(copy);
  });

  it('rejects a resource without a known R4 type', () => {
    expect(() => deidentifier().resource({ resourceType: 'Patients' })).toThrow(
      expect.objectContaining({ code: 'deid.unknown-resource-type' }),
    );
  });
});

describe('FhirDeidentifier overrides', () => {
  const member = (name: string, repeats = false) => ({ kind: 'member' as const, name, repeats });

  it('keeps an element that the spec maps to a plain field', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Observation',
          steps: [member('valueString')],
          rule: { field: 'result', action: 'keep', kind: undefined, model: undefined },
        },
        {
          resource: 'Observation',
          steps: [member('code'), member('coding', true), { kind: 'first' }, member('code')],
          rule: { field: 'test', action: 'remove', kind: 'other_id', model: undefined },
        },
      ],
    });
    const output = deid.resource({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
      valueString: 'negative',
    });

    expect(output['valueString']).toBe('negative');
    expect(output['code']).toEqual({ coding: [{ system: 'http://loinc.org' }] });
  });

  it('applies a spec birth-year rule to a mapped extension', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Patient',
          steps: [
            member('extension', true),
            { kind: 'where', conditions: [{ kind: 'equals', path: ['url'], value: 'http://example.org/dob' }] },
            member('valueString'),
          ],
          rule: { field: 'dob', action: 'birth-year', kind: 'date', model: undefined },
        },
      ],
    });
    const output = deid.resource({
      resourceType: 'Patient',
      extension: [{ url: 'http://example.org/dob', valueString: '1960-02-03' }],
    });

    expect(output['extension']).toEqual([{ url: 'http://example.org/dob', valueString: '1960' }]);
  });

  it('keeps year of a plain mapped date', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Encounter',
          steps: [member('period'), member('start')],
          rule: { field: 'start', action: 'keep', kind: undefined, model: undefined },
        },
        {
          resource: 'Encounter',
          steps: [member('status')],
          rule: { field: 'status', action: 'keep', kind: undefined, model: undefined },
        },
      ],
    });
    const output = deid.resource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '2019-03-04T10:15:00-05:00' },
    });

    expect(output['period']).toEqual({ start: '2019' });
    expect(output['status']).toBe('finished');
    expect(deid.summary().elements['date']).toBeGreaterThanOrEqual(1);
  });
});

describe('FhirDeidentifier keep overrides', () => {
  const member = (name: string, repeats = false) => ({ kind: 'member' as const, name, repeats });
  const keep = (field: string) => ({ field, action: 'keep' as const, kind: undefined, model: undefined });

  it('leaves the age cap of a kept value', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        { resource: 'Observation', steps: [member('valueQuantity'), member('value')], rule: keep('value') },
      ],
    });
    const output = deid.resource({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '30525-0' }] },
      valueQuantity: { value: 96.0, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' },
    });

    expect(output['valueQuantity']).toEqual({
      value: 90,
      comparator: '>=',
      unit: 'a',
      system: 'http://unitsofmeasure.org',
      code: 'a',
    });
  });

  it('keeps every coding of a kept code', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Observation',
          steps: [member('code'), member('coding', true), member('code')],
          rule: keep('test'),
        },
      ],
    });
    const code = {
      coding: [
        { system: 'http://loinc.org', code: '8302-2' },
        { system: 'http://snomed.info/sct', code: '50373000' },
      ],
    };
    const output = deid.resource({ resourceType: 'Observation', status: 'final', code });

    expect(output['code']).toEqual(code);
  });

  it('restores an element the defaults removed', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [{ resource: 'Observation', steps: [member('valueString')], rule: keep('result') }],
    });
    const output = deid.resource({ resourceType: 'Observation', status: 'final', valueString: 'negative' });

    expect(output['valueString']).toBe('negative');
  });

  it('restores no year that shows an age over 89', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        { resource: 'Encounter', steps: [member('period'), member('start')], rule: keep('start') },
        {
          resource: 'Observation',
          steps: [member('valueString')],
          rule: keep('result'),
        },
      ],
    });
    const encounter = deid.resource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '1928' },
    });
    const observation = deid.resource({
      resourceType: 'Observation',
      status: 'final',
      valueString: '1928-03-04',
    });

    expect(encounter['period']).toBeUndefined();
    expect(observation['valueString']).toBeUndefined();
  });

  it('restores no text with a contact detail', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [{ resource: 'Observation', steps: [member('valueString')], rule: keep('result') }],
    });
    const output = deid.resource({
      resourceType: 'Observation',
      status: 'final',
      valueString: 'call 555-123-4567',
    });

    expect(output['valueString']).toBeUndefined();
  });
});

describe('FhirDeidentifier summary with overrides', () => {
  const member = (name: string, repeats = false) => ({ kind: 'member' as const, name, repeats });

  it.each([
    ['1960-02-03', 'birth-year' as const],
    ['1927-05-21', 'birth-year' as const],
    ['1960-02-03', 'year' as const],
  ])('counts a mapped birthDate %s with %s once', (birthDate, action) => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Patient',
          steps: [member('birthDate')],
          rule: { field: 'birthDate', action, kind: 'date', model: undefined },
        },
      ],
    });
    deid.resource({ resourceType: 'Patient', birthDate });

    expect(deid.summary().elements).toEqual({ date: 1 });
  });

  it('counts a mapped reference once', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Encounter',
          steps: [member('subject'), member('reference')],
          rule: { field: 'patientId', action: 'pseudonym', kind: undefined, model: 'Patient' },
        },
      ],
    });
    const output = deid.resource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: 'Patient/p1' },
    });

    expect(output['subject']).toEqual({ reference: `Patient/${deid.harbor.pseudonym('Patient', 'p1')}` });
    expect(deid.summary().elements).toEqual({ reference: 1 });
  });

  it('counts a code that the spec removes', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf }),
      overrides: [
        {
          resource: 'Observation',
          steps: [member('code'), member('coding', true), { kind: 'first' }, member('code')],
          rule: { field: 'test', action: 'remove', kind: 'other_id', model: undefined },
        },
      ],
    });
    deid.resource({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
    });

    expect(deid.summary().elements).toEqual({ other_id: 1 });
  });
});

describe('FhirDeidentifier uri elements', () => {
  it('removes uris that may address a person', () => {
    const deid = deidentifier();
    const device = deid.resource({
      resourceType: 'Device',
      url: 'http://device.example/dev-1',
      extension: [{ url: 'http://example.org/contact', valueUri: 'mailto:john.smith@example.com' }],
    });
    const response = deid.resource({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      item: [
        {
          linkId: 'contact',
          answer: [{ valueUri: 'mailto:john@example.com' }, { valueUri: 'https://john.example.com' }],
        },
      ],
    });

    expect(device).toEqual({ resourceType: 'Device' });
    expect(response['item']).toEqual([{ linkId: 'contact' }]);
    expect(deid.summary().elements['url']).toBe(4);
  });

  it('keeps uris that name a definition', () => {
    const resource = {
      resourceType: 'CarePlan',
      implicitRules: 'http://example.org/rules',
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-careplan'] },
      instantiatesUri: ['http://example.org/protocol/asthma'],
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/p1', type: 'Patient' },
      category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category', code: 'assess-plan' }] }],
      extension: [{ url: 'http://example.org/priority', valueCode: 'high' }],
    };
    const output = deidentifier().resource(resource);

    expect(output['implicitRules']).toBe(resource.implicitRules);
    expect(output['meta']).toEqual(resource.meta);
    expect(output['instantiatesUri']).toEqual(resource.instantiatesUri);
    expect(output['category']).toEqual(resource.category);
    expect(output['extension']).toEqual(resource.extension);
  });

  it('keeps the url of a definitional resource', () => {
    const output = deidentifier().resource({
      resourceType: 'ValueSet',
      url: 'http://example.org/ValueSet/colors',
      status: 'active',
      compose: { include: [{ system: 'http://example.org/colors' }] },
    });

    expect(output['url']).toBe('http://example.org/ValueSet/colors');
    expect(output['compose']).toEqual({ include: [{ system: 'http://example.org/colors' }] });
  });
});

describe('FhirDeidentifier contact details in kept values', () => {
  it('removes codes that hold contact details', () => {
    const deid = deidentifier();
    const output = deid.resource({
      resourceType: 'Patient',
      extension: [
        { url: 'http://example.org/email', valueCode: 'john.smith@example.com' },
        { url: 'http://example.org/phone', valueCoding: { system: 'http://example.org/phones', code: '555-1234' } },
        { url: 'http://example.org/host', valueCode: '10.0.0.7' },
        { url: 'mailto:john@example.com', valueBoolean: true },
      ],
    });

    expect(output['extension']).toEqual([
      { url: 'http://example.org/phone', valueCoding: { system: 'http://example.org/phones' } },
    ]);
    expect(deid.summary().elements).toMatchObject({ email: 2, phone: 1, ip_address: 1 });
  });

  it('removes a contained id that holds an email address', () => {
    const output = deidentifier().resource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      contained: [{ resourceType: 'Medication', id: 'john@example.com', status: 'active' }],
      medicationReference: { reference: '#john@example.com' },
    });

    expect(output['contained']).toEqual([{ resourceType: 'Medication', status: 'active' }]);
    expect(output['medicationReference']).toBeUndefined();
  });

  it.each([
    ['SNOMED CT', 'http://snomed.info/sct', '44054006'],
    ['LOINC', 'http://loinc.org', '8302-2'],
    ['ICD-10-CM', 'http://hl7.org/fhir/sid/icd-10-cm', 'E11.9'],
    ['RxNorm', 'http://www.nlm.nih.gov/research/umls/rxnorm', '1049221'],
    ['NDC', 'http://hl7.org/fhir/sid/ndc', '0002-3227-30'],
  ])('keeps a %s code', (_name, system, code) => {
    const output = deidentifier().resource({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system, code }] },
      valueQuantity: { value: 120, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    });

    expect(output['code']).toEqual({ coding: [{ system, code }] });
    expect(output['valueQuantity']).toMatchObject({ unit: 'mm[Hg]', code: 'mm[Hg]' });
  });
});

describe('FhirDeidentifier years over 89', () => {
  it('removes years that show an age over 89', () => {
    const deid = deidentifier();
    const encounter = deid.resource({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '1928-04-01T10:00:00Z', end: '1936-01-01' },
      extension: [{ url: 'http://example.org/dob', valueDate: '1931-08-09' }],
    });
    const response = deid.resource({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      item: [{ linkId: 'dob', answer: [{ valueDate: '1931-08-09' }, { valueDate: '1960-01-02' }] }],
    });
    const request = deid.resource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      dosageInstruction: [{ timing: { event: ['1930-01-01', '2020-05-06'] } }],
    });

    expect(encounter['period']).toEqual({ end: '1936' });
    expect(encounter['extension']).toBeUndefined();
    expect(response['item']).toEqual([{ linkId: 'dob', answer: [{ valueDate: '1960' }] }]);
    expect(request['dosageInstruction']).toEqual([{ timing: { event: ['2020'] } }]);
    expect(deid.summary().elements['date']).toBe(7);
  });

  it('removes early years of a Synthea patient born in 1924', () => {
    const deid = new FhirDeidentifier({
      harbor: new SafeHarbor({ restrictedZip3, asOf: new Date('2030-01-01T00:00:00Z') }),
    });
    const bundle = JSON.parse(fixtureText(bethanyBundle)) as { entry: { resource: Record<string, unknown> }[] };
    const outputs = bundle.entry.map((entry) => deid.resource(entry.resource));
    const encounter = outputs.find((output) => output['resourceType'] === 'Encounter' && output['period'] === undefined);
    const years = new Set(JSON.stringify(outputs).match(/"1[0-9]{3}"/g));

    // The first encounter, on 1939-02-01, shows an age of 90 on 2030-01-01.
    expect(encounter).toBeDefined();
    expect([...years].filter((year) => year < '"1940"')).toEqual([]);
    expect(years).toContain('"1940"');
  });
});

describe('FhirDeidentifier Bundle request urls', () => {
  it.each([
    ['Patient/123/_history/2', (code: string) => `Patient/${code}/_history/2`],
    ['Patient/123/$everything', (code: string) => `Patient/${code}/$everything`],
    ['Patient/123?_format=json', (code: string) => `Patient/${code}`],
    ['$process-message', () => '$process-message'],
    ['ValueSet/$lookup', () => 'ValueSet/$lookup'],
  ])('rewrites request url %s', (url, expected) => {
    const deid = deidentifier();
    const entry = deid.bundleEntry({
      resource: { resourceType: 'Patient', id: '123' },
      request: { method: 'GET', url },
    }) as { resource: { id: string }; request: { url: string } };

    expect(entry.request).toEqual({ method: 'GET', url: expected(entry.resource.id) });
  });

  it('counts a dropped query as other_id', () => {
    const deid = deidentifier();
    deid.bundleEntry({ request: { method: 'GET', url: 'Patient?identifier=http://example.org/mrn|12345' } });

    expect(deid.summary().elements).toEqual({ other_id: 1 });
  });
});
