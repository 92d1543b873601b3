import { describe, expect, it } from 'vitest';

import { validateFhir } from '../../src/fhir/validate-fhir.js';
import { cardinalityOf, memberOf } from '../../src/fhir/r4-cardinality.js';
import { modelsOf, yamlFixture } from './spec-fixtures.js';

const FILE = 'specs/fhir.yaml';

// Models come after the fhir section, so that line numbers in the cases count from its top.
const MODELS = `models:
  Person:
    fields:
      id: { type: uuid, primaryKey: true }
      linkedId: { type: uuid, references: Person, optional: true }
      linkType: { type: code, optional: true }
      familyName: { type: string, phi: name }
  Visit:
    fields:
      id: { type: uuid, primaryKey: true }
      kind: { type: code, system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode' }
      optionalKind: { type: code, system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', optional: true }
      start: { type: datetime }
  Vitals:
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      panel: { type: code, system: 'http://loinc.org' }
      systolic: { type: decimal, optional: true }
      diastolic: { type: decimal, optional: true }
      comment: { type: text, optional: true }
      author: { type: string, optional: true }
  Order:
    fields:
      id: { type: uuid, primaryKey: true }
      personId: { type: uuid, references: Person }
      medication: { type: code, system: 'http://www.nlm.nih.gov/research/umls/rxnorm' }
`;

const PERSON = ['    Person:', '      resource: Patient', '      fields:', '        familyName: name.first().family'];

/** Builds a fhir section with one mapping of the given lines (from line 4 on) and the Person mapping. */
function section(...mappingLines: string[]): string {
  return ['fhir:', '  version: R4', '  mappings:', ...mappingLines, ...PERSON].join('\n');
}

interface Want {
  readonly code: string;
  /** 1-based line, and a text on that line whose first character is the issue's column. */
  readonly line: number;
  readonly at: string;
  readonly message: RegExp;
}

interface Case {
  readonly name: string;
  readonly spec: string;
  readonly want: readonly Want[];
}

const vitals = [
  '    Vitals:',
  '      resource: Observation',
  '      fixed: { status: final, code: { text: blood pressure } }',
  '      fields:',
  '        personId: { path: subject.reference, reference: Person }',
];

const cases: Case[] = [
  {
    name: 'required primitive without a writer',
    spec: section('    Visit:', '      resource: Encounter', '      fields:', '        kind: class.code', '        start: period.start'),
    want: [
      {
        code: 'fhir.required-element',
        line: 5,
        at: 'Encounter',
        message: /^element Encounter\.status is required by FHIR R4, but no field and no fixed value writes it; map a required field to it or add "status" under fixed$/,
      },
    ],
  },
  {
    name: 'required element with an optional writer only',
    spec: section('    Visit:', '      resource: Encounter', '      fixed: { status: planned }', '      fields:', '        optionalKind: class.code', '        start: period.start'),
    want: [
      {
        code: 'fhir.required-element',
        line: 5,
        at: 'Encounter',
        message: /^element Encounter\.class is required by FHIR R4, but only optional fields write it \("optionalKind"\); make one of them required or add "class" under fixed$/,
      },
    ],
  },
  {
    name: 'backbone element without its required child',
    spec: section(...vitals, "        systolic: component.where(code.text = 'systolic').valueQuantity.value", '        diastolic: component.valueQuantity.value'),
    want: [
      {
        code: 'fhir.required-element',
        line: 10,
        at: 'component.valueQuantity.value',
        message: /^element Observation\.component\.code is required by FHIR R4 in each Observation\.component, but no field writes it; map a required field to it, or write it with a where\(\) condition in the path of field "diastolic"$/,
      },
    ],
  },
  {
    name: 'element shared by fields that do not all write the child',
    spec: section(...vitals, '        comment: note.first().text', '        author: note.first().authorString'),
    want: [
      {
        code: 'fhir.required-element',
        line: 10,
        at: 'note.first().authorString',
        message: /^element Observation\.note\.text is required by FHIR R4 in each Observation\.note, but field "author" can build Observation\.note without it, because only optional fields write it \("comment"\)/,
      },
    ],
  },
  {
    name: 'backbone element of a resource',
    spec: ['fhir:', '  version: R4', '  mappings:', '    Person:', '      resource: Patient', '      fields:', '        familyName: name.first().family', '        linkedId: { path: link.first().other.reference, reference: Person }'].join('\n'),
    want: [
      {
        code: 'fhir.required-element',
        line: 8,
        at: 'linkedId',
        message: /^element Patient\.link\.type is required by FHIR R4 in each Patient\.link, but no field writes it/,
      },
    ],
  },
  {
    name: 'fixed value without its required child',
    spec: section('    Visit:', '      resource: Encounter', "      fixed: { status: planned, statusHistory: [{ period: { start: '2020' } }] }", '      fields:', '        kind: class.code'),
    want: [
      {
        code: 'fhir.required-element',
        line: 6,
        at: 'statusHistory',
        message: /^fixed value of Encounter\.statusHistory\[0\] has no element "status", which FHIR R4 requires; add it$/,
      },
    ],
  },
];

const validCases: { readonly name: string; readonly spec: string }[] = [
  {
    name: 'required elements written by fixed and required fields',
    spec: section('    Visit:', '      resource: Encounter', '      fixed: { status: finished }', '      fields:', '        kind: class.code', '        optionalKind: type.first().coding.first().code'),
  },
  {
    name: 'required child written by the where() condition of each builder',
    spec: section(
      ...vitals,
      "        systolic: component.where(code.text = 'systolic').valueQuantity.value",
      "        diastolic: component.where(code.text = 'diastolic').valueQuantity.value",
    ),
  },
  {
    name: 'required child written by a required field',
    spec: section(...vitals, '        panel: component.first().code.coding.code', '        systolic: component.first().valueQuantity.value'),
  },
  {
    name: 'required child written by a field that builds the element alone',
    spec: section(...vitals, '        comment: note.first().text'),
  },
  {
    name: 'required choice element written through one of its types',
    spec: section(
      '    Order:',
      '      resource: MedicationRequest',
      '      fixed: { status: active, intent: order }',
      '      fields:',
      '        personId: { path: subject.reference, reference: Person }',
      '        medication: medicationCodeableConcept.coding.code',
    ),
  },
  {
    name: 'required child under a primitive extension in fixed',
    spec: section('    Visit:', '      resource: Encounter', "      fixed: { status: planned, statusHistory: [{ _status: { extension: [{ url: 'http://example.org/x', valueString: y }] }, period: { start: '2020' } }] }", '      fields:', '        kind: class.code'),
  },
];

function run(spec: string) {
  const fixture = yamlFixture(`${spec}\n${MODELS}`, FILE);
  const result = validateFhir((fixture.value as { fhir: unknown }).fhir, modelsOf(fixture), (path) => fixture.locate(['fhir', ...path]), {
    isPlainScalar: (path) => fixture.isPlainScalar(['fhir', ...path]),
  });
  return { ...result, lines: spec.split('\n') };
}

describe('required element check', () => {
  it.each(cases)('reports $name', ({ spec, want }) => {
    const { ir, issues, lines } = run(spec);

    expect(ir).toBeUndefined();
    expect(issues.map((issue) => issue.code)).toEqual(want.map((entry) => entry.code));
    for (const [index, entry] of want.entries()) {
      const issue = issues[index];
      const column = (lines[entry.line - 1] ?? '').indexOf(entry.at) + 1;
      expect(column, `"${entry.at}" is on line ${entry.line}`).toBeGreaterThan(0);
      expect(`${issue?.file}:${issue?.line}:${issue?.column}`).toBe(`${FILE}:${entry.line}:${column}`);
      expect(issue?.message).toMatch(entry.message);
    }
  });

  it.each(validCases)('accepts $name', ({ spec }) => {
    const { ir, issues } = run(spec);

    expect(issues.map((issue) => `${issue.code} ${issue.line}:${issue.column} ${issue.message}`)).toEqual([]);
    expect(ir).toBeDefined();
  });
});

describe('R4 cardinality table', () => {
  it.each([
    ['Encounter', 'status', 1],
    ['Encounter', 'class', 1],
    ['Encounter', 'subject', 0],
    ['Observation.component', 'code', 1],
    ['Annotation', 'text', 1],
    ['Extension', 'url', 1],
    ['Age', 'value', 0],
  ])('gives %s.%s a minimum of %i', (owner, name, min) => {
    expect(cardinalityOf(owner).find((element) => element.name === name)?.min).toBe(min);
  });

  it('finds a choice element through its type', () => {
    const member = memberOf('MedicationRequest', 'medicationCodeableConcept');

    expect(member?.element.name).toBe('medication');
    expect(member?.element.choice).toBe(true);
    expect(member?.element.min).toBe(1);
    expect(member?.owner).toBe('CodeableConcept');
  });

  it('gives a backbone element its path as owner', () => {
    expect(memberOf('Patient', 'link')?.owner).toBe('Patient.link');
    expect(memberOf('Questionnaire.item', 'item')?.owner).toBe('Questionnaire.item');
  });

  it('lists nothing for an unknown type', () => {
    expect(cardinalityOf('NoSuchType')).toEqual([]);
  });
});
