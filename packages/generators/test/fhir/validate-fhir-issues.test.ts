import { describe, expect, it } from 'vitest';

import { validateFhir } from '../../src/fhir/validate-fhir.js';
import { modelsOf, yamlFixture } from './spec-fixtures.js';

const FILE = 'specs/fhir.yaml';

// Models come after the fhir section, so that line numbers in the cases count from its top.
const MODELS = `models:
  Organization:
    fields:
      id: { type: uuid, primaryKey: true }
      name: { type: string }
  Practitioner:
    fields:
      id: { type: uuid, primaryKey: true }
      name: { type: string }
  Patient:
    fields:
      id: { type: uuid, primaryKey: true }
      organizationId: { type: uuid, references: Organization }
      mrn: { type: string, phi: medical_record_number }
      familyName: { type: string, phi: name }
      lastName: { type: string, phi: name, optional: true }
      nickname: { type: string, optional: true }
      street: { type: string, optional: true }
      state: { type: string, optional: true }
      birthDate: { type: date }
      active: { type: boolean, optional: true }
      sex: { type: enum, values: [female, male, other, unknown] }
      sexAtBirth: { type: enum, values: [f, m], optional: true }
      preferences: { type: json, optional: true }
  Encounter:
    fields:
      id: { type: uuid, primaryKey: true }
      patientId: { type: uuid, references: Patient }
      practitionerId: { type: uuid, references: Practitioner, optional: true }
      kind: { type: enum, values: [virtual, in_person, home] }
      channel: { type: string, optional: true }
      reason: { type: code, optional: true }
      start: { type: datetime }
  LabResult:
    fields:
      id: { type: uuid, primaryKey: true }
      test: { type: code, system: 'http://loinc.org' }
      value: { type: decimal, optional: true }
`;

/** Builds a fhir section whose Patient mapping has the given field lines, from line 7 on. */
function patientSpec(...fieldLines: string[]): string {
  return [
    'fhir:',
    '  version: R4',
    '  mappings:',
    '    Patient:',
    '      resource: Patient',
    '      fields:',
    ...fieldLines.map((line) => `        ${line}`),
    '    Organization:',
    '      resource: Organization',
    '      fields:',
    '        name: name',
  ].join('\n');
}

/** Builds a fhir section whose Encounter mapping maps `kind` to class on line 8, then the given lines. */
function encounterSpec(fixed: string, ...fieldLines: string[]): string {
  return [
    'fhir:',
    '  version: R4',
    '  mappings:',
    '    Encounter:',
    '      resource: Encounter',
    `      fixed: ${fixed}`,
    '      fields:',
    '        kind: { path: class.code, values: { virtual: VR, in_person: AMB, home: HH } }',
    ...fieldLines.map((line) => `        ${line}`),
    '    Patient:',
    '      resource: Patient',
    '      fields:',
    '        birthDate: birthDate',
  ].join('\n');
}

interface WantIssue {
  readonly code: string;
  /** 1-based line, and a text on that line whose first character is the issue's column. */
  readonly line: number;
  readonly at: string;
  readonly message?: RegExp;
  readonly path?: string;
}

interface IssueCase {
  readonly name: string;
  readonly spec: string;
  readonly want: readonly WantIssue[];
}

const cases: IssueCase[] = [
  {
    name: 'name without a phi kind',
    spec: patientSpec("nickname: name.where(use = 'nickname').first().text"),
    want: [{ code: 'fhir.unmarked-identifier', line: 7, at: 'name.where', message: /field "nickname" has no phi kind but maps to Patient\.name \(HumanName\), which identifies the person; mark it phi \(name\)/ }],
  },
  {
    name: 'street line without a phi kind',
    spec: patientSpec('street: address.first().line.first()'),
    want: [{ code: 'fhir.unmarked-identifier', line: 7, at: 'address', message: /maps to Patient\.address\.line, which identifies the person; mark it phi \(geographic\)/ }],
  },
  {
    name: 'identifier without a phi kind',
    spec: patientSpec("nickname: identifier.where(system = 'urn:example:badge').value"),
    want: [{ code: 'fhir.unmarked-identifier', line: 7, at: 'identifier', message: /Patient\.identifier \(Identifier\)/ }],
  },
  {
    name: 'unknown model',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Patinet:', '      resource: Patient', '      fields:', '        birthDate: birthDate'].join('\n'),
    want: [{ code: 'fhir.unknown-model', line: 4, at: 'Patinet', message: /unknown model "Patinet"; did you mean "Patient"\?/, path: 'fhir.mappings.Patinet' }],
  },
  {
    name: 'unknown resource',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Patient:', '      resource: Patinet', '      fields:', '        birthDate: birthDate'].join('\n'),
    want: [{ code: 'fhir.unknown-resource', line: 5, at: 'Patinet', message: /unknown R4 resource type "Patinet"; did you mean "Patient"\?/, path: 'fhir.mappings.Patient.resource' }],
  },
  {
    name: 'data type as resource',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Patient:', '      resource: HumanName', '      fields:', '        birthDate: birthDate'].join('\n'),
    want: [{ code: 'fhir.unknown-resource', line: 5, at: 'HumanName', message: /"HumanName" is an R4 data type, not a resource type; map the model to the resource that contains it$/ }],
  },
  {
    name: 'unknown field',
    spec: patientSpec('birthDat: birthDate'),
    want: [{ code: 'fhir.unknown-field', line: 7, at: 'birthDate', message: /unknown field "birthDat" in model "Patient"; did you mean "birthDate"\?/, path: 'fhir.mappings.Patient.fields.birthDat' }],
  },
  {
    name: 'primary key',
    spec: patientSpec('id: identifier.first().value'),
    want: [{ code: 'fhir.primary-key-mapped', line: 7, at: 'identifier', message: /primary key of "Patient", which always maps to the resource id/ }],
  },
  {
    name: 'unknown element',
    spec: patientSpec('birthDate: birthdate'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'birthdate', message: /unknown element "birthdate" in Patient; did you mean "birthDate"\?/, path: 'fhir.mappings.Patient.fields.birthDate' }],
  },
  {
    name: 'unknown element inside a data type',
    spec: patientSpec('familyName: name.first().famly'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'famly', message: /unknown element "famly" in Patient\.name \(HumanName\); did you mean "family"\?/ }],
  },
  {
    name: 'path that names the resource',
    spec: patientSpec('birthDate: Patient.birthDate'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'Patient.', message: /drop the leading "Patient\."/ }],
  },
  {
    name: 'member of a primitive',
    spec: patientSpec('familyName: name.first().family.text'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'text', message: /unknown element "text", because Patient\.name\.family is a string and has no child elements/ }],
  },
  {
    name: 'boolean field at a date element',
    spec: patientSpec('active: birthDate'),
    want: [{ code: 'fhir.element-type', line: 7, at: 'birthDate', message: /field "active" \(boolean\) cannot be written to Patient\.birthDate \(date\); a boolean field maps to boolean/ }],
  },
  {
    name: 'date field at a string element',
    spec: patientSpec('birthDate: name.first().family'),
    want: [{ code: 'fhir.element-type', line: 7, at: 'name', message: /field "birthDate" \(date\) cannot be written to Patient\.name\.family \(string\); a date field maps to date, dateTime/ }],
  },
  {
    name: 'json field',
    spec: patientSpec('preferences: name.first().text'),
    want: [{ code: 'fhir.element-type', line: 7, at: 'name', message: /json fields cannot be mapped/ }],
  },
  {
    name: 'path ending at a data type',
    spec: patientSpec('familyName: name.first()'),
    want: [{ code: 'fhir.path-not-primitive', line: 7, at: 'first', message: /path ends at Patient\.name \(HumanName\), which is not a primitive element; .* such as "use", "text", "family", "given"/ }],
  },
  {
    name: 'or inside where()',
    spec: patientSpec("familyName: name.where(use = 'official' or use = 'usual').family"),
    want: [{ code: 'fhir.path-not-buildable', line: 7, at: 'or use', message: /operator "or" is not supported; conditions can be joined with "and" only/ }],
  },
  {
    name: 'function outside the subset',
    spec: patientSpec('familyName: name.last().family'),
    want: [{ code: 'fhir.path-not-buildable', line: 7, at: 'last', message: /function "last\(\)" is not supported; the FHIRPath subset supports/ }],
  },
  {
    name: 'unclosed where()',
    spec: patientSpec("familyName: name.where(use = 'official'.family"),
    want: [{ code: 'fhir.path-syntax', line: 7, at: '.family', message: /unexpected "\."; expected "and" or "\)" to close where\(/ }],
  },
  {
    name: 'quoted path keeps the column of its start',
    spec: patientSpec("familyName: 'name.first().famly'"),
    want: [{ code: 'fhir.unknown-element', line: 7, at: "'name", message: /unknown element "famly"/ }],
  },
  {
    name: 'folded path keeps the column of its start',
    spec: patientSpec('familyName: name.first()', '  .famly'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'name.first()', message: /unknown element "famly"/ }],
  },
  {
    name: 'path in object form',
    spec: patientSpec('familyName: { path: name.first().famly }'),
    want: [{ code: 'fhir.unknown-element', line: 7, at: 'famly', path: 'fhir.mappings.Patient.fields.familyName.path' }],
  },
  {
    name: 'condition value outside the required codes',
    spec: patientSpec("familyName: name.where(use = 'oficial').family"),
    want: [{ code: 'fhir.unknown-code', line: 7, at: "'oficial'", message: /condition value 'oficial' for Patient\.name\.use is not one of the allowed codes; did you mean "official"\?/ }],
  },
  {
    name: 'condition across a repeating element',
    spec: patientSpec("mrn: identifier.where(type.coding.code = 'MR').value"),
    want: [{ code: 'fhir.condition-repeats', line: 7, at: 'coding', message: /"type\.coding" repeats.*write type\.coding\.exists\(code = 'MR'\) instead/ }],
  },
  {
    name: 'condition on a date element',
    spec: patientSpec("mrn: identifier.where(period.start = '2020').value"),
    want: [{ code: 'fhir.element-type', line: 7, at: 'period', message: /compares Patient\.identifier\.period\.start \(dateTime\) to a string literal, which never matches/ }],
  },
  {
    name: 'condition on a data type',
    spec: patientSpec("mrn: identifier.where(type = 'MR').value"),
    want: [{ code: 'fhir.element-type', line: 7, at: 'type', message: /compares Patient\.identifier\.type \(CodeableConcept\) to a string literal/ }],
  },
  {
    name: 'where() on a primitive',
    spec: patientSpec("familyName: name.first().family.where(use = 'x')"),
    want: [{ code: 'fhir.path-not-buildable', line: 7, at: 'where', message: /where\(\) needs an element with child elements/ }],
  },
  {
    name: 'value map that is not one to one',
    spec: patientSpec('sex:', '  path: gender', '  values:', '    female: female', '    male: male', '    other: other', '    unknown: other'),
    want: [{ code: 'fhir.value-map-not-one-to-one', line: 13, at: 'other', message: /values "other" and "unknown" both map to "other"/, path: 'fhir.mappings.Patient.fields.sex.values.unknown' }],
  },
  {
    name: 'incomplete value map',
    spec: patientSpec('sex:', '  path: gender', '  values:', '    female: female', '    male: male'),
    want: [{ code: 'fhir.value-map-incomplete', line: 9, at: 'values', message: /has no code for "other", "unknown"; map every value of the enum/ }],
  },
  {
    name: 'value map key that is not an enum value',
    spec: patientSpec('sex: { path: gender, values: { femal: female, male: male, other: other, unknown: unknown } }'),
    want: [
      { code: 'fhir.value-map-unknown-value', line: 7, at: 'female,', message: /"femal" is not a value of enum field "sex"; did you mean "female"\?/ },
      { code: 'fhir.value-map-incomplete', line: 7, at: 'values', message: /no code for "female"/ },
    ],
  },
  {
    name: 'value map code outside the required codes',
    spec: patientSpec('sex: { path: gender, values: { female: F, male: male, other: other, unknown: unknown } }'),
    want: [{ code: 'fhir.unknown-code', line: 7, at: 'F,', message: /value "female" maps to code "F" at Patient\.gender, which is not one of the allowed codes; expected one of "male", "female", "other", "unknown"/ }],
  },
  {
    name: 'value map on a date field',
    spec: patientSpec('birthDate: { path: birthDate, values: { a: b } }'),
    want: [{ code: 'fhir.value-map-type', line: 7, at: 'values', message: /field "birthDate" is date, but a value map needs an enum, code or string field/ }],
  },
  {
    name: 'enum values that are not codes of the element',
    spec: patientSpec('sexAtBirth: gender'),
    want: [
      { code: 'fhir.unknown-code', line: 7, at: 'gender', message: /enum value "f" of field "sexAtBirth" is not a code of Patient\.gender; add a value map/ },
      { code: 'fhir.unknown-code', line: 7, at: 'gender', message: /enum value "m"/ },
    ],
  },
  {
    name: 'reference element without reference:',
    spec: patientSpec('organizationId: managingOrganization.reference'),
    want: [{ code: 'fhir.reference-target', line: 7, at: 'managing', message: /add reference: Organization/ }],
  },
  {
    name: 'reference that differs from the field',
    spec: patientSpec('organizationId: { path: managingOrganization.reference, reference: Patient }'),
    want: [{ code: 'fhir.reference-target', line: 7, at: 'Patient }', message: /field "organizationId" references "Organization", but the mapping has reference: Patient/ }],
  },
  {
    name: 'reference to an unknown model',
    spec: patientSpec('organizationId: { path: managingOrganization.reference, reference: Organisation }'),
    want: [{ code: 'fhir.unknown-model', line: 7, at: 'Organisation', message: /did you mean "Organization"\?/ }],
  },
  {
    name: 'reference that ends elsewhere',
    spec: patientSpec('organizationId: { path: identifier.first().value, reference: Organization }'),
    want: [{ code: 'fhir.reference-target', line: 7, at: 'identifier', message: /must end at the reference element of a Reference/ }],
  },
  {
    name: 'reference to an unmapped model',
    spec: encounterSpec('{ status: finished }', 'practitionerId: { path: participant.first().individual.reference, reference: Practitioner }'),
    want: [{ code: 'fhir.reference-target', line: 9, at: 'Practitioner }', message: /model "Practitioner" has no FHIR mapping/ }],
  },
  {
    name: 'two fields at one element',
    spec: patientSpec('familyName: name.first().family', 'lastName: name.family'),
    want: [{ code: 'fhir.conflicting-paths', line: 8, at: 'name.family', message: /field "lastName" and field "familyName" both write name\.family/ }],
  },
  {
    name: 'field at an element that a condition sets',
    spec: patientSpec("mrn: telecom.where(system = 'phone').value", "familyName: telecom.where(system = 'phone').system"),
    want: [{ code: 'fhir.conflicting-paths', line: 8, at: 'telecom', message: /field "familyName" and the where\(\) condition of field "mrn" both write telecom\.where\(system = 'phone'\)\.system/ }],
  },
  {
    name: 'field at the resource id',
    spec: patientSpec('mrn: id'),
    want: [{ code: 'fhir.conflicting-paths', line: 7, at: 'id', message: /"id" is the resource id, which carries primary key "id"/ }],
  },
  {
    name: 'field at a fixed element',
    spec: encounterSpec('{ status: finished }', 'channel: status'),
    want: [{ code: 'fhir.conflicting-paths', line: 9, at: 'status', message: /field "channel" writes status, but "status" is set by fixed/ }],
  },
  {
    name: 'fixed resource id',
    spec: encounterSpec('{ status: finished, id: abc }'),
    want: [{ code: 'fhir.conflicting-paths', line: 6, at: 'abc', message: /fixed cannot set "id", because the resource id carries primary key "id"/ }],
  },
  {
    name: 'condition that contradicts the code system',
    spec: ['fhir:', '  version: R4', '  mappings:', '    LabResult:', '      resource: Observation', '      fields:', "        test: code.coding.where(system = 'http://snomed.info/sct').code"].join('\n'),
    want: [
      { code: 'fhir.conflicting-paths', line: 7, at: 'code.coding', message: /the code system of field "test" and the where\(\) condition of field "test" both write .*with different values \("http:\/\/loinc\.org" and "http:\/\/snomed\.info\/sct"\)/ },
      { code: 'fhir.required-element', line: 5, at: 'Observation', message: /^element Observation\.status is required by FHIR R4/ },
    ],
  },
  {
    name: 'fixed with an unknown element',
    spec: encounterSpec('{ stauts: finished }'),
    want: [{ code: 'fhir.fixed-unknown-element', line: 6, at: 'finished', message: /unknown element "stauts" in Encounter; did you mean "status"\?/, path: 'fhir.mappings.Encounter.fixed.stauts' }],
  },
  {
    name: 'fixed value outside the required codes',
    spec: encounterSpec('{ status: finshed }'),
    want: [{ code: 'fhir.fixed-value', line: 6, at: 'finshed', message: /fixed value of Encounter\.status is not one of the allowed codes; did you mean "finished"\?/ }],
  },
  {
    name: 'fixed value of the wrong shape',
    spec: encounterSpec('{ status: finished, serviceType: [x] }'),
    want: [{ code: 'fhir.fixed-value', line: 6, at: 'serviceType', message: /fixed value of Encounter\.serviceType must be a JSON object \(CodeableConcept\)/ }],
  },
  {
    name: 'fixed value with a nested element of the wrong shape',
    spec: encounterSpec('{ status: finished, serviceType: { coding: { code: x } } }'),
    want: [{ code: 'fhir.fixed-value', line: 6, at: 'serviceType', message: /must be of JSON type array at coding/ }],
  },
  {
    name: 'fixed value with an unknown nested element',
    spec: encounterSpec('{ status: finished, serviceType: { coding: [{ cdoe: x }] } }'),
    want: [{ code: 'fhir.fixed-value', line: 6, at: 'serviceType', message: /has no element "cdoe" at coding\[0\]/ }],
  },
  {
    name: 'code at Coding.code without a system',
    spec: encounterSpec('{ status: finished }', 'reason: reasonCode.first().coding.code'),
    want: [{ code: 'fhir.missing-system', line: 9, at: 'reasonCode', message: /add system: <uri> to field "reason" of model "Encounter"/ }],
  },
  {
    name: 'mapping system on a path that is no Coding code',
    spec: encounterSpec('{ status: finished }', "channel: { path: serviceType.text, system: 'http://example.org/channels' }"),
    want: [{ code: 'fhir.system-not-coding', line: 9, at: "'http://example.org/channels'", message: /^system is written beside the code of a Coding, but Encounter\.serviceType\.text is a string; end the path at a Coding's code/ }],
  },
  {
    name: 'mapping system against the field system',
    spec: [
      'fhir:',
      '  version: R4',
      '  mappings:',
      '    LabResult:',
      '      resource: Observation',
      '      fixed: { status: final }',
      '      fields:',
      "        test: { path: code.coding.code, system: 'http://snomed.info/sct' }",
    ].join('\n'),
    want: [{ code: 'fhir.system-conflict', line: 8, at: "'http://snomed.info/sct'", message: /^field "test" has system "http:\/\/loinc\.org", but the mapping has system "http:\/\/snomed\.info\/sct"; remove system from the mapping$/ }],
  },
  {
    name: 'required element without a field',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Encounter:', '      resource: Encounter', '      fields:', '        start: period.start'].join('\n'),
    want: [
      { code: 'fhir.required-element', line: 5, at: 'Encounter', message: /^element Encounter\.status is required by FHIR R4, but no field and no fixed value writes it; map a required field to it or add "status" under fixed$/, path: 'fhir.mappings.Encounter.resource' },
      { code: 'fhir.required-element', line: 5, at: 'Encounter', message: /^element Encounter\.class is required by FHIR R4, but no field and no fixed value writes it/ },
    ],
  },
  {
    name: 'required element with optional fields only',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Encounter:', '      resource: Encounter', '      fields:', '        channel: class.code'].join('\n'),
    want: [
      { code: 'fhir.required-element', line: 5, at: 'Encounter', message: /^element Encounter\.status is required by FHIR R4/ },
      { code: 'fhir.required-element', line: 5, at: 'Encounter', message: /^element Encounter\.class is required by FHIR R4, but only optional fields write it \("channel"\); make one of them required or add "class" under fixed$/ },
    ],
  },
  {
    name: 'choice element without its type',
    spec: ['fhir:', '  version: R4', '  mappings:', '    LabResult:', '      resource: Observation', '      fields:', '        test: code.coding.code', '        value: value.value'].join('\n'),
    want: [
      { code: 'fhir.unknown-element', line: 8, at: 'value.value', message: /"value\[x\]" is a choice element, so name its type: .*"valueQuantity"/ },
      { code: 'fhir.required-element', line: 5, at: 'Observation', message: /^element Observation\.status is required by FHIR R4/ },
    ],
  },
];

function run(spec: string) {
  const fixture = yamlFixture(`${spec}\n${MODELS}`, FILE);
  const result = validateFhir((fixture.value as { fhir: unknown }).fhir, modelsOf(fixture), (path) => fixture.locate(['fhir', ...path]), {
    isPlainScalar: (path) => fixture.isPlainScalar(['fhir', ...path]),
  });
  return { ...result, lines: spec.split('\n') };
}

describe('validateFhir issues', () => {
  it.each(cases)('reports $name', ({ spec, want }) => {
    const { ir, issues, lines } = run(spec);

    expect(ir).toBeUndefined();
    expect(issues.map((issue) => issue.code)).toEqual(want.map((entry) => entry.code));
    for (const [index, entry] of want.entries()) {
      const issue = issues[index];
      const column = (lines[entry.line - 1] ?? '').indexOf(entry.at) + 1;
      expect(column, `"${entry.at}" is on line ${entry.line}`).toBeGreaterThan(0);
      expect(`${issue?.file}:${issue?.line}:${issue?.column}`).toBe(`${FILE}:${entry.line}:${column}`);
      if (entry.message) expect(issue?.message).toMatch(entry.message);
      if (entry.path) expect(issue?.path).toBe(entry.path);
    }
  });

  it('puts the column of a bad token in a plain path', () => {
    const { issues } = run(patientSpec('familyName: name.first().famly'));

    expect(issues.map((issue) => `${issue.line}:${issue.column}`)).toEqual(['7:34']);
  });

  it('treats one-line paths as plain by default', () => {
    const fixture = yamlFixture(`${patientSpec("familyName: 'name.first().famly'")}\n${MODELS}`, FILE);
    const { issues } = validateFhir((fixture.value as { fhir: unknown }).fhir, modelsOf(fixture), (path) =>
      fixture.locate(['fhir', ...path]),
    );

    expect(issues.map((issue) => `${issue.line}:${issue.column}`)).toEqual(['7:34']);
  });

  it('points a not one-to-one value at the other value', () => {
    const { issues } = run(patientSpec('sex:', '  path: gender', '  values:', '    female: female', '    male: male', '    other: other', '    unknown: other'));

    expect(issues[0]?.related).toEqual({ file: FILE, line: 12, column: 20 });
  });

  it('points a conflict at the earlier field', () => {
    const { issues } = run(patientSpec('familyName: name.first().family', 'lastName: name.family'));

    expect(issues[0]?.related).toEqual({ file: FILE, line: 7, column: 21 });
  });

  it('takes a mapping system for an enum at a Coding code', () => {
    const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    const spec = encounterSpec('{ status: finished }').replace(
      'values: { virtual: VR, in_person: AMB, home: HH } }',
      `values: { virtual: VR, in_person: AMB, home: HH }, system: '${actCode}' }`,
    );

    const { ir, issues } = run(spec);
    const encounter = ir?.mappings.find((mapping) => mapping.model === 'Encounter');

    expect(issues).toEqual([]);
    expect(encounter?.fields.find((field) => field.field === 'kind')?.system).toBe(actCode);
  });

  it('takes two codes of different systems in one CodeableConcept', () => {
    const spec = encounterSpec(
      '{ status: finished }',
      "channel: { path: type.first().coding.code, system: 'urn:example:channels' }",
      "reason: { path: type.first().coding.code, system: 'urn:example:reasons' }",
    );

    expect(run(spec).issues).toEqual([]);
  });

  it('reports two codes of one system in one coding', () => {
    const spec = encounterSpec(
      '{ status: finished }',
      "channel: { path: type.first().coding.code, system: 'urn:example:channels' }",
      "reason: { path: type.first().coding.code, system: 'urn:example:channels' }",
    );

    expect(run(spec).issues.map((issue) => issue.code)).toEqual(['fhir.conflicting-paths']);
  });

  it("takes a code field's own system without a mapping system", () => {
    const spec = ['fhir:', '  version: R4', '  mappings:', '    LabResult:', '      resource: Observation', '      fixed: { status: final }', '      fields:', '        test: code.coding.code'].join('\n');

    const { ir, issues } = run(spec);

    expect(issues).toEqual([]);
    expect(ir?.mappings[0]?.fields[0]?.system).toBe('http://loinc.org');
  });

  it('accepts a plain state on a patient', () => {
    const { issues } = run(patientSpec('state: address.first().state'));

    expect(issues).toEqual([]);
  });

  it('accepts fields that share an element', () => {
    const { ir, issues } = run(
      patientSpec(
        "familyName: name.where(use = 'official').first().family",
        "lastName: name.where(use = 'official').given.first()",
        "mrn: identifier.where(system = 'urn:mrn').value",
      ),
    );

    expect(issues).toEqual([]);
    expect(ir?.mappings[0]?.fields.map((field) => field.elementType)).toEqual(['string', 'string', 'string']);
  });

  it('keeps messages lowercase and without a trailing period', () => {
    for (const { spec } of cases) {
      for (const issue of run(spec).issues) {
        expect(issue.message).not.toMatch(/\.$/);
        expect(issue.message[0]).toBe(issue.message[0]?.toLowerCase());
      }
    }
  });
});
