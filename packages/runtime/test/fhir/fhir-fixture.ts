import { readFileSync } from 'node:fs';
import type {
  FhirFieldMapping,
  FhirMapping,
  FhirPathCondition,
  FhirPathStep,
} from '../../src/index.js';

/** Reads a file of test/fixtures/fhir as text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8');
}

export const lizConnBundle = 'Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json';
export const clementeKreigerBundle = 'Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json';

export const v2IdentifierType = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const loinc = 'http://loinc.org';
export const snomed = 'http://snomed.info/sct';

/** Builds a member step. */
export function member(name: string, repeats = false): FhirPathStep {
  return { kind: 'member', name, repeats };
}

export const first: FhirPathStep = { kind: 'first' };

/** Builds a where() step. */
export function where(...conditions: FhirPathCondition[]): FhirPathStep {
  return { kind: 'where', conditions };
}

/** Builds a `path = 'value'` condition. */
export function equals(path: string, value: string): FhirPathCondition {
  return { kind: 'equals', path: path.split('.'), value };
}

/** Builds a `path.exists(conditions)` condition. */
export function exists(path: string, ...conditions: FhirPathCondition[]): FhirPathCondition {
  return { kind: 'exists', path: path.split('.'), conditions };
}

type FieldOptions = Partial<Omit<FhirFieldMapping, 'field' | 'path' | 'steps'>>;

/** Builds a field mapping, by default an optional string field on a string element. */
export function field(
  name: string,
  path: string,
  steps: readonly FhirPathStep[],
  options: FieldOptions = {},
): FhirFieldMapping {
  return {
    field: name,
    path,
    steps,
    elementType: options.elementType ?? 'string',
    fieldType: options.fieldType ?? 'string',
    optional: options.optional ?? true,
    reference: options.reference,
    values: options.values,
  };
}

const official = where(equals('use', 'official'));
const mrnType = where(
  exists('type.coding', equals('system', v2IdentifierType), equals('code', 'MR')),
);

/** The telehealth example's Patient mapping, with a boolean, an integer and a json field added. */
export const patientMapping: FhirMapping = {
  model: 'Patient',
  resource: 'Patient',
  idField: 'id',
  fixed: {},
  fields: [
    field(
      'clinicId',
      'managingOrganization.reference',
      [member('managingOrganization'), member('reference')],
      { fieldType: 'uuid', reference: 'Organization' },
    ),
    field(
      'mrn',
      "identifier.where(type.coding.exists(system = 'http://terminology.hl7.org/CodeSystem/v2-0203' and code = 'MR')).value",
      [member('identifier', true), mrnType, member('value')],
    ),
    field('ssn', "identifier.where(system = 'http://hl7.org/fhir/sid/us-ssn').value", [
      member('identifier', true),
      where(equals('system', 'http://hl7.org/fhir/sid/us-ssn')),
      member('value'),
    ]),
    field('givenName', "name.where(use = 'official').first().given.first()", [
      member('name', true),
      official,
      first,
      member('given', true),
      first,
    ]),
    field(
      'familyName',
      "name.where(use = 'official').first().family",
      [member('name', true), official, first, member('family')],
      { optional: false },
    ),
    field('birthDate', 'birthDate', [member('birthDate')], {
      elementType: 'date',
      fieldType: 'date',
      optional: false,
    }),
    field('sex', 'gender', [member('gender')], {
      elementType: 'code',
      fieldType: 'enum',
      values: { female: 'female', male: 'male', other: 'other', unknown: 'unknown' },
    }),
    field('phone', "telecom.where(system = 'phone').first().value", [
      member('telecom', true),
      where(equals('system', 'phone')),
      first,
      member('value'),
    ]),
    field('email', "telecom.where(system = 'email').first().value", [
      member('telecom', true),
      where(equals('system', 'email')),
      first,
      member('value'),
    ]),
    field('street', 'address.first().line.first()', [
      member('address', true),
      first,
      member('line', true),
      first,
    ]),
    field('city', 'address.first().city', [member('address', true), first, member('city')]),
    field('state', 'address.first().state', [member('address', true), first, member('state')]),
    field('zip', 'address.first().postalCode', [
      member('address', true),
      first,
      member('postalCode'),
    ]),
    field('active', 'active', [member('active')], { elementType: 'boolean', fieldType: 'boolean' }),
    field('birthOrder', 'multipleBirthInteger', [member('multipleBirthInteger')], {
      elementType: 'integer',
      fieldType: 'integer',
    }),
    field('contacts', 'contact', [member('contact', true)], {
      elementType: 'Patient.contact',
      fieldType: 'json',
    }),
  ],
};

/** The telehealth example's Clinic mapping. */
export const clinicMapping: FhirMapping = {
  model: 'Clinic',
  resource: 'Organization',
  idField: 'id',
  fixed: {},
  fields: [
    field('name', 'name', [member('name')], { optional: false }),
    field('npi', "identifier.where(system = 'http://hl7.org/fhir/sid/us-npi').value", [
      member('identifier', true),
      where(equals('system', 'http://hl7.org/fhir/sid/us-npi')),
      member('value'),
    ]),
  ],
};

/**
 * The telehealth example's Visit mapping, with the code systems that the generator adds before
 * `code` (ActCode on `class`, SNOMED CT on the reason's coding).
 */
export const visitMapping: FhirMapping = {
  model: 'Visit',
  resource: 'Encounter',
  idField: 'id',
  fixed: { status: 'finished' },
  fields: [
    field('patientId', 'subject.reference', [member('subject'), member('reference')], {
      fieldType: 'uuid',
      reference: 'Patient',
      optional: false,
    }),
    field(
      'clinicId',
      'serviceProvider.reference',
      [member('serviceProvider'), member('reference')],
      {
        fieldType: 'uuid',
        reference: 'Organization',
      },
    ),
    field(
      'mode',
      'class.code',
      [member('class'), where(equals('system', actCode)), member('code')],
      {
        elementType: 'code',
        fieldType: 'enum',
        values: { video: 'VR', office: 'AMB', home: 'HH' },
        optional: false,
      },
    ),
    field('start', 'period.start', [member('period'), member('start')], {
      elementType: 'dateTime',
      fieldType: 'datetime',
      optional: false,
    }),
    field('end', 'period.end', [member('period'), member('end')], {
      elementType: 'dateTime',
      fieldType: 'datetime',
    }),
    field(
      'reason',
      'reasonCode.first().coding.code',
      [
        member('reasonCode', true),
        first,
        member('coding', true),
        where(equals('system', snomed)),
        member('code'),
      ],
      { elementType: 'code', fieldType: 'code' },
    ),
  ],
};

/** The telehealth example's LabResult mapping, with LOINC on the test code. */
export const labResultMapping: FhirMapping = {
  model: 'LabResult',
  resource: 'Observation',
  idField: 'id',
  fixed: { status: 'final' },
  fields: [
    field('patientId', 'subject.reference', [member('subject'), member('reference')], {
      fieldType: 'uuid',
      reference: 'Patient',
      optional: false,
    }),
    field('accession', 'identifier.first().value', [
      member('identifier', true),
      first,
      member('value'),
    ]),
    field(
      'test',
      'code.coding.code',
      [member('code'), member('coding', true), where(equals('system', loinc)), member('code')],
      { elementType: 'code', fieldType: 'code', optional: false },
    ),
    field('value', 'valueQuantity.value', [member('valueQuantity'), member('value')], {
      elementType: 'decimal',
      fieldType: 'decimal',
    }),
    field('unit', 'valueQuantity.unit', [member('valueQuantity'), member('unit')]),
    field(
      'flag',
      'interpretation.first().coding.first().code',
      [member('interpretation', true), first, member('coding', true), first, member('code')],
      {
        elementType: 'code',
        fieldType: 'enum',
        values: { normal: 'N', abnormal: 'A', critical: 'AA' },
      },
    ),
    field('collectedAt', 'effectiveDateTime', [member('effectiveDateTime')], {
      elementType: 'dateTime',
      fieldType: 'datetime',
    }),
    field('comment', 'note.first().text', [member('note', true), first, member('text')], {
      elementType: 'markdown',
      fieldType: 'text',
    }),
  ],
};
