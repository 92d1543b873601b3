import { parsePath } from '../../../src/fhir/fhirpath.js';
import type { FieldMappingIR, MappingIR, SpecIR } from '../../../src/ir/spec-ir.js';
import { loadProject } from '../../../src/load-project.js';
import { writeProject } from '../../validate/temp-project.js';
import { awkwardSpec } from './awkward-spec.js';

/**
 * A telehealth-like spec with a FHIR mapping for each kind of field. The subject has names,
 * identifiers, a birth date, an address and a value map. The encounter has a coded reason, and
 * the observation a quantity, a coded test and a note.
 */
export const clinicSpecFiles: Readonly<Record<string, string>> = {
  'specs/models.yaml': `models:
  Clinic:
    tenant: true
    fields:
      id: { type: uuid, primaryKey: true }
      name: { type: string }
      npi: { type: string }
  Person:
    subject: true
    organization: clinicId
    fields:
      id: { type: uuid, primaryKey: true }
      clinicId: { type: uuid, references: Clinic }
      mrn: { type: string, phi: medical_record_number }
      givenName: { type: string, phi: name }
      familyName: { type: string, phi: name }
      birthDate: { type: date, phi: date }
      sex: { type: enum, values: [female, male, other, unknown] }
      phone: { type: string, phi: phone, optional: true }
      city: { type: string, phi: geographic, optional: true }
      postalCode: { type: string, phi: geographic }
      notes: { type: json, optional: true }
  Visit:
    patient: personId
    organization: clinicId
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      clinicId: { type: uuid, references: Clinic }
      kind: { type: enum, values: [virtual, in_person] }
      start: { type: datetime, phi: date }
      end: { type: datetime, phi: date, optional: true }
      reason: { type: code, system: 'http://snomed.info/sct', sensitive: true, optional: true }
      deviceIp: { type: string, phi: ip_address, optional: true }
  Lab:
    patient: personId
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      test: { type: code, system: 'http://loinc.org' }
      value: { type: decimal, sensitive: true, optional: true }
      unit: { type: string, optional: true }
      collectedAt: { type: datetime, phi: date }
      comment: { type: text, phi: free_text, optional: true }
      flag: { type: enum, values: [normal, high], optional: true }
`,
  'specs/fhir.yaml': `fhir:
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
        sex: { path: gender, values: { female: female, male: male, other: other, unknown: unknown } }
        phone: telecom.where(system = 'phone').first().value
        city: address.first().city
        postalCode: address.first().postalCode
    Visit:
      resource: Encounter
      fixed: { status: finished, serviceType: { text: telehealth } }
      fields:
        personId: { path: subject.reference, reference: Person }
        clinicId: { path: serviceProvider.reference, reference: Clinic }
        kind: { path: class.code, system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', values: { virtual: VR, in_person: AMB } }
        start: period.start
        end: period.end
        reason: reasonCode.first().coding.code
    Lab:
      resource: Observation
      fixed: { status: final }
      fields:
        personId: { path: subject.reference, reference: Person }
        test: code.coding.code
        value: valueQuantity.value
        unit: valueQuantity.unit
        collectedAt: effectiveDateTime
        comment: note.first().text
        flag: { path: interpretation.first().coding.first().code, values: { normal: N, high: H } }
`,
};

/** Loads a project from spec files in a temporary folder and returns its IR. */
export async function irOfFiles(files: Readonly<Record<string, string>>): Promise<SpecIR> {
  const result = await loadProject(writeProject(files));
  if (!result.ok) {
    throw new Error(result.issues.map((issue) => `${issue.code}: ${issue.message}`).join('\n'));
  }
  return result.ir;
}

function fieldMapping(
  field: string,
  path: string,
  elementType: string,
  extra: Partial<Pick<FieldMappingIR, 'reference' | 'values' | 'system'>> = {},
): FieldMappingIR {
  const parsed = parsePath(path);
  if (!parsed.ok) throw new Error(`fixture path ${path} does not parse`);
  return {
    kind: 'field-mapping',
    field,
    path,
    steps: parsed.steps,
    elementType,
    reference: extra.reference,
    values: extra.values,
    system: extra.system,
    source: { file: 'specs/fhir.yaml', line: 1, column: 1 },
  };
}

function mapping(model: string, resource: string, fields: FieldMappingIR[], fixed = {}): MappingIR {
  return {
    kind: 'mapping',
    model,
    resource,
    fixed,
    fields,
    source: { file: 'specs/fhir.yaml', line: 1, column: 1 },
  };
}

/**
 * Builds the awkward spec with FHIR mappings whose models, fields, enum values and paths use names
 * that collide with reserved words, globals and runtime exports. The IR is built by hand, so it
 * skips validation: only the generated code is under test.
 */
export function awkwardFhirSpec(): SpecIR {
  const spec = awkwardSpec('sqlite');
  const mappings = [
    mapping(
      'Record',
      'Observation',
      [
        fieldMapping('dateId', 'subject.reference', 'string', { reference: 'Patient' }),
        fieldMapping('class', 'code.text', 'string'),
        fieldMapping('select', 'code.coding.code', 'code', { system: 'http://example.org/codes' }),
        fieldMapping('value', 'valueQuantity.value', 'decimal'),
        fieldMapping('end', 'effectiveDateTime', 'dateTime'),
        fieldMapping('order', 'status', 'code', {
          values: { "it's": 'final', 'back\\slash': 'amended', plain: 'preliminary' },
        }),
        fieldMapping('constructor', 'note.first().text', 'markdown'),
        fieldMapping('default', 'component.first().valueInteger', 'integer'),
        fieldMapping('toString', 'component.first().valueBoolean', 'boolean'),
        fieldMapping('valueOf', 'component.first().valuePeriod.start', 'dateTime'),
      ],
      { code: { text: "it's fixed" } },
    ),
    mapping('Date', 'Patient', [
      fieldMapping('import', 'birthDate', 'date'),
      fieldMapping('recordId', 'link.first().other.reference', 'string', { reference: 'Record' }),
      fieldMapping('yield', 'gender', 'code', { values: { a: 'female', b: 'male' } }),
    ]),
    mapping('Object', 'Organization', [
      fieldMapping('parent', 'partOf.reference', 'string', { reference: 'Object' }),
    ]),
    mapping('Promise', 'Patient', [fieldMapping('note', 'name.first().text', 'string')]),
    mapping('Envelope', 'Organization', [fieldMapping('then', 'name', 'string')]),
  ];
  return {
    ...spec,
    fhir: { kind: 'fhir', version: 'R4', mappings, source: { file: 'specs/fhir.yaml', line: 1, column: 1 } },
  };
}
