import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { validateFhir } from '../../src/fhir/validate-fhir.js';
import type { FhirIR, FieldMappingIR, ModelIR } from '../../src/ir/spec-ir.js';
import { formatIssue, type SpecIssue } from '../../src/issue.js';
import { modelsOf, yamlFixture, type YamlFixture } from './spec-fixtures.js';

const TELEHEALTH = fileURLToPath(new URL('../../../../../shared/specs/telehealth/specs/', import.meta.url));
const hasTelehealth = existsSync(`${TELEHEALTH}fhir.yaml`) && existsSync(`${TELEHEALTH}models.yaml`);

function validate(fhir: YamlFixture, models: readonly ModelIR[]) {
  return validateFhir((fhir.value as { fhir: unknown }).fhir, models, (path) => fhir.locate(['fhir', ...path]), {
    isPlainScalar: (path) => fhir.isPlainScalar(['fhir', ...path]),
  });
}

function elementTypes(ir: FhirIR | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const mapping of ir?.mappings ?? []) {
    for (const field of mapping.fields) result[`${mapping.model}.${field.field}`] = field.elementType;
  }
  return result;
}

function fieldMapping(ir: FhirIR | undefined, model: string, field: string): FieldMappingIR | undefined {
  return ir?.mappings.find((mapping) => mapping.model === model)?.fields.find((entry) => entry.field === field);
}

function issueLines(issues: readonly SpecIssue[]): string[] {
  return issues.map(formatIssue);
}

const telehealthElementTypes: Record<string, string> = {
  'Organization.name': 'string',
  'Organization.npi': 'string',
  'Patient.organizationId': 'string',
  'Patient.mrn': 'string',
  'Patient.ssn': 'string',
  'Patient.givenName': 'string',
  'Patient.familyName': 'string',
  'Patient.birthDate': 'date',
  'Patient.sex': 'code',
  'Patient.phone': 'string',
  'Patient.email': 'string',
  'Patient.addressLine': 'string',
  'Patient.city': 'string',
  'Patient.state': 'string',
  'Patient.postalCode': 'string',
  'Encounter.patientId': 'string',
  'Encounter.organizationId': 'string',
  'Encounter.kind': 'code',
  'Encounter.start': 'dateTime',
  'Encounter.end': 'dateTime',
  'Encounter.reason': 'code',
  'Prescription.patientId': 'string',
  'Prescription.encounterId': 'string',
  'Prescription.medication': 'code',
  'Prescription.dosage': 'string',
  'Prescription.status': 'code',
  'Prescription.writtenAt': 'dateTime',
  'LabResult.patientId': 'string',
  'LabResult.accession': 'string',
  'LabResult.test': 'code',
  'LabResult.value': 'decimal',
  'LabResult.unit': 'string',
  'LabResult.interpretation': 'code',
  'LabResult.collectedAt': 'dateTime',
  'LabResult.comment': 'markdown',
};

describe.skipIf(!hasTelehealth)('telehealth reference spec (skipped: ../shared/specs/telehealth is absent)', () => {
  const load = () => {
    const models = modelsOf(yamlFixture(readFileSync(`${TELEHEALTH}models.yaml`, 'utf8'), 'specs/models.yaml'));
    const fhir = yamlFixture(readFileSync(`${TELEHEALTH}fhir.yaml`, 'utf8'), 'specs/fhir.yaml');
    return validate(fhir, models);
  };

  it('validates with zero issues', () => {
    const { ir, issues } = load();

    expect(issueLines(issues)).toEqual([]);
    expect(ir).toBeDefined();
  });

  it('records the element type of every field', () => {
    expect(elementTypes(load().ir)).toEqual(telehealthElementTypes);
  });

  it('resolves reference targets to resource types', () => {
    const { ir } = load();

    expect(fieldMapping(ir, 'Prescription', 'encounterId')?.reference).toBe('Encounter');
    expect(fieldMapping(ir, 'LabResult', 'patientId')?.reference).toBe('Patient');
    expect(fieldMapping(ir, 'Patient', 'organizationId')?.reference).toBe('Organization');
  });
});

// A spec of the same shape as the telehealth one, kept here so that it always runs.
const CLINIC = `fhir:
  version: R4
  mappings:
    Clinic:
      resource: Organization
      fields:
        name: name
        npi: identifier.where(system = 'http://hl7.org/fhir/sid/us-npi').value
    Person:
      resource: Patient
      fields:
        clinicId: { path: managingOrganization.reference, reference: Clinic }
        mrn: identifier.where(type.coding.exists(system = 'http://terminology.hl7.org/CodeSystem/v2-0203' and code = 'MR')).value
        givenName: name.where(use = 'official').first().given.first()
        familyName: name.where(use = 'official').first().family
        birthDate: birthDate
        deceased: deceasedBoolean
        sex: { path: gender, values: { female: female, male: male, other: other, unknown: unknown } }
        phone: telecom.where(system = 'phone').first().value
        postalCode: address.first().postalCode
    Visit:
      resource: Encounter
      fixed: { status: finished, serviceType: { text: telehealth } }
      fields:
        personId: { path: subject.reference, reference: Person }
        kind: { path: class.code, values: { virtual: VR, in_person: AMB } }
        start: period.start
        reason: reasonCode.first().coding.code
        minutes: length.value
    Lab:
      resource: Observation
      fixed: { status: final }
      fields:
        personId: { path: subject.reference, reference: Person }
        test: code.coding.code
        value: valueQuantity.value
        collectedAt: effectiveDateTime
        comment: note.first().text
        flag: { path: interpretation.first().coding.first().code, values: { normal: N, high: H } }
models:
  Clinic:
    fields:
      id: { type: uuid, primaryKey: true }
      name: { type: string }
      npi: { type: string }
  Person:
    fields:
      id: { type: uuid, primaryKey: true }
      clinicId: { type: uuid, references: Clinic }
      mrn: { type: string, phi: medical_record_number }
      givenName: { type: string, phi: name }
      familyName: { type: string, phi: name }
      birthDate: { type: date }
      deceased: { type: boolean, optional: true }
      sex: { type: enum, values: [female, male, other, unknown] }
      phone: { type: string, phi: phone, optional: true }
      postalCode: { type: string, phi: geographic }
      notes: { type: json, optional: true }
  Visit:
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      kind: { type: enum, values: [virtual, in_person] }
      start: { type: datetime }
      reason: { type: code, system: 'http://snomed.info/sct', optional: true }
      minutes: { type: decimal, optional: true }
  Lab:
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      test: { type: code, system: 'http://loinc.org' }
      value: { type: decimal, optional: true }
      collectedAt: { type: datetime }
      comment: { type: text, optional: true }
      flag: { type: enum, values: [normal, high], optional: true }
`;

describe('validateFhir on a complete spec', () => {
  const load = () => {
    const fixture = yamlFixture(CLINIC, 'specs/clinic.yaml');
    return validate(fixture, modelsOf(fixture));
  };

  it('validates with zero issues', () => {
    const { ir, issues } = load();

    expect(issueLines(issues)).toEqual([]);
    expect(ir).toBeDefined();
  });

  it('keeps mappings and fields in spec order', () => {
    const { ir } = load();

    expect(ir?.mappings.map((mapping) => `${mapping.model}:${mapping.resource}`)).toEqual([
      'Clinic:Organization',
      'Person:Patient',
      'Visit:Encounter',
      'Lab:Observation',
    ]);
    expect(ir?.mappings[1]?.fields.map((field) => field.field)).toEqual([
      'clinicId',
      'mrn',
      'givenName',
      'familyName',
      'birthDate',
      'deceased',
      'sex',
      'phone',
      'postalCode',
    ]);
  });

  it('records the element type of every field', () => {
    expect(elementTypes(load().ir)).toEqual({
      'Clinic.name': 'string',
      'Clinic.npi': 'string',
      'Person.clinicId': 'string',
      'Person.mrn': 'string',
      'Person.givenName': 'string',
      'Person.familyName': 'string',
      'Person.birthDate': 'date',
      'Person.deceased': 'boolean',
      'Person.sex': 'code',
      'Person.phone': 'string',
      'Person.postalCode': 'string',
      'Visit.personId': 'string',
      'Visit.kind': 'code',
      'Visit.start': 'dateTime',
      'Visit.reason': 'code',
      'Visit.minutes': 'decimal',
      'Lab.personId': 'string',
      'Lab.test': 'code',
      'Lab.value': 'decimal',
      'Lab.collectedAt': 'dateTime',
      'Lab.comment': 'markdown',
      'Lab.flag': 'code',
    });
  });

  it('builds field mappings with steps, reference and values', () => {
    const { ir } = load();

    expect(fieldMapping(ir, 'Person', 'mrn')).toMatchObject({
      kind: 'field-mapping',
      path: "identifier.where(type.coding.exists(system = 'http://terminology.hl7.org/CodeSystem/v2-0203' and code = 'MR')).value",
      steps: [
        { kind: 'member', name: 'identifier' },
        {
          kind: 'where',
          conditions: [
            {
              kind: 'exists',
              path: ['type', 'coding'],
              conditions: [
                { kind: 'equals', path: ['system'], value: 'http://terminology.hl7.org/CodeSystem/v2-0203' },
                { kind: 'equals', path: ['code'], value: 'MR' },
              ],
            },
          ],
        },
        { kind: 'member', name: 'value' },
      ],
      reference: undefined,
      values: undefined,
    });
    expect(fieldMapping(ir, 'Visit', 'personId')?.reference).toBe('Patient');
    expect(fieldMapping(ir, 'Visit', 'kind')?.values).toEqual({ virtual: 'VR', in_person: 'AMB' });
  });

  it('keeps fixed values and source locations', () => {
    const { ir } = load();
    const visit = ir?.mappings.find((mapping) => mapping.model === 'Visit');

    expect(visit?.fixed).toEqual({ status: 'finished', serviceType: { text: 'telehealth' } });
    expect(visit?.source).toEqual({ file: 'specs/clinic.yaml', line: 21, column: 5 });
    expect(fieldMapping(ir, 'Visit', 'start')?.source).toEqual({ file: 'specs/clinic.yaml', line: 27, column: 16 });
    expect(ir?.source).toEqual({ file: 'specs/clinic.yaml', line: 1, column: 1 });
  });
});
