import { beforeAll, describe, expect, it } from 'vitest';

import { generateDeidFiles } from '../../src/generate/deid/deid-files.js';
import { deidModelRules } from '../../src/generate/deid/deid-rules.js';
import { generateFiles, type GeneratedFile } from '../../src/generate/generate-files.js';
import type { SpecIR } from '../../src/ir/spec-ir.js';
import { awkwardFhirSpec, clinicSpecFiles, irOfFiles } from './support/fhir-specs.js';
import { contentsOf, linesOf } from './support/file-lines.js';
import { field, idField, model, spec } from './support/ir-builders.js';

let clinic: SpecIR;
let files: GeneratedFile[];

beforeAll(async () => {
  clinic = await irOfFiles(clinicSpecFiles);
  files = generateDeidFiles(clinic);
});

function ruleOf(ir: SpecIR, modelName: string, fieldName: string) {
  const found = ir.models.find((candidate) => candidate.name === modelName);
  if (found === undefined) throw new Error(`no model ${modelName}`);
  const mapping = ir.fhir?.mappings.find((candidate) => candidate.model === modelName);
  return deidModelRules(found, mapping).fields.find((rule) => rule.field === fieldName);
}

describe('de-identification rules', () => {
  it.each([
    { model: 'Clinic', field: 'id', action: 'pseudonym', kind: undefined, target: 'Clinic' },
    { model: 'Clinic', field: 'name', action: 'keep', kind: undefined, target: undefined },
    { model: 'Person', field: 'clinicId', action: 'pseudonym', kind: undefined, target: 'Clinic' },
    { model: 'Person', field: 'mrn', action: 'remove', kind: 'medical_record_number', target: undefined },
    { model: 'Person', field: 'givenName', action: 'remove', kind: 'name', target: undefined },
    { model: 'Person', field: 'birthDate', action: 'birth-year', kind: 'date', target: undefined },
    { model: 'Person', field: 'sex', action: 'keep', kind: undefined, target: undefined },
    { model: 'Person', field: 'city', action: 'remove', kind: 'geographic', target: undefined },
    { model: 'Person', field: 'postalCode', action: 'zip3', kind: 'geographic', target: undefined },
    { model: 'Person', field: 'notes', action: 'remove', kind: undefined, target: undefined },
    { model: 'Visit', field: 'start', action: 'year', kind: 'date', target: undefined },
    { model: 'Visit', field: 'reason', action: 'keep', kind: undefined, target: undefined },
    { model: 'Visit', field: 'deviceIp', action: 'remove', kind: 'ip_address', target: undefined },
    { model: 'Lab', field: 'value', action: 'keep', kind: undefined, target: undefined },
    { model: 'Lab', field: 'comment', action: 'remove', kind: 'free_text', target: undefined },
  ])('gives $model.$field the action $action', ({ model: modelName, field: fieldName, action, kind, target }) => {
    expect(ruleOf(clinic, modelName, fieldName)).toEqual({ field: fieldName, action, kind, model: target });
  });

  // Without a FHIR mapping, the field name decides.
  const unmapped = spec([
    model(
      'Member',
      [
        idField(),
        field('dob', 'date', { phi: 'date' }),
        field('enrolledOn', 'date', { phi: 'date' }),
        field('zipCode', 'string', { phi: 'geographic' }),
        field('county', 'string', { phi: 'geographic', optional: true }),
      ],
      { subject: true },
    ),
    model('Relative', [idField(), field('birthDate', 'date', { phi: 'date' })]),
  ]);

  it.each([
    ['Member', 'dob', 'birth-year'],
    ['Member', 'enrolledOn', 'year'],
    ['Member', 'zipCode', 'zip3'],
    ['Member', 'county', 'remove'],
    ['Relative', 'birthDate', 'year'],
  ])('gives unmapped %s.%s the action %s', (modelName, fieldName, action) => {
    expect(ruleOf(unmapped, modelName, fieldName)?.action).toBe(action);
  });
});

describe('generateDeidFiles', () => {
  it('writes one module per model and an index', () => {
    expect(files.map((file) => file.path)).toEqual([
      'deid/clinic.ts',
      'deid/person.ts',
      'deid/visit.ts',
      'deid/lab.ts',
      'deid/index.ts',
    ]);
  });

  it('writes nothing for a spec without models', () => {
    expect(generateDeidFiles(spec([]))).toEqual([]);
  });

  it.each([
    ['deid/person.ts', 'export const personDeidRules: DeidModelRules = {'],
    ['deid/person.ts', "    { field: 'id', action: 'pseudonym', kind: undefined, model: 'Person' },"],
    ['deid/person.ts', "    { field: 'mrn', action: 'remove', kind: 'medical_record_number', model: undefined },"],
    ['deid/person.ts', "    { field: 'postalCode', action: 'zip3', kind: 'geographic', model: undefined },"],
  ])('declares in %s the rule line %s', (path, line) => {
    expect(linesOf(files, path)).toContain(line);
  });

  it('types the de-identified record', () => {
    const person = contentsOf(files, 'deid/person.ts');
    const body = person.slice(person.indexOf('export interface DeidentifiedPerson {'));
    const members = body
      .slice(0, body.indexOf('\n}\n'))
      .split('\n')
      .filter((line) => line.startsWith('  readonly '));

    expect(members).toEqual([
      '  readonly id: string;',
      '  readonly clinicId: string;',
      '  readonly birthDate: string | null;',
      '  readonly ageOver89: boolean;',
      "  readonly sex: 'female' | 'male' | 'other' | 'unknown';",
      '  readonly postalCode: string;',
    ]);
  });

  it.each([
    ['deid/visit.ts', '  readonly start: string;'],
    ['deid/visit.ts', '  readonly end: string | null;'],
    ['deid/visit.ts', '  readonly reason: Sensitive<string> | null;'],
    ['deid/lab.ts', '  readonly value: Sensitive<Decimal> | null;'],
  ])('types in %s the member %s', (path, line) => {
    expect(linesOf(files, path)).toContain(line);
  });

  it('lists the removed fields in the doc comment', () => {
    expect(contentsOf(files, 'deid/visit.ts')).toContain('Removed fields: deviceIp.');
  });

  it('adds ageOver89 for the birth date', () => {
    const lines = linesOf(files, 'deid/person.ts');

    expect(lines).toContain('export function deidentifyPerson(record: Person, harbor: SafeHarbor): DeidentifiedPerson {');
    expect(lines).toContain('  const deidentified = deidentifyRecord(personDeidRules, { ...record }, harbor);');
    expect(lines).toContain('  const ageOver89 = harbor.ageOver89(record.birthDate);');
    expect(lines).toContain('  return { ...deidentified, ageOver89 } as DeidentifiedPerson;');
    expect(contentsOf(files, 'deid/lab.ts')).not.toContain('ageOver89');
  });

  it('rejects a model whose field is named like the age flag', () => {
    const clash = spec([
      model('Member', [idField(), field('birthDate', 'date', { phi: 'date' }), field('ageOver89', 'boolean')], {
        subject: true,
      }),
    ]);

    expect(() => generateDeidFiles(clash)).toThrow(/adds ageOver89 for birth date birthDate, but the model has a field of that name/);
  });

  it('declares the index with the restricted prefixes, the factory and the overrides', () => {
    const index = linesOf(files, 'deid/index.ts');

    expect(index).toContain("export * from './person.js';");
    expect(index).toContain('export const restrictedZip3: readonly string[] = [');
    expect(index).toContain("  '036',");
    expect(index).toContain('export function createSafeHarbor(');
    expect(index).toContain('  options: { readonly asOf?: DateTime; readonly pseudonyms?: Pseudonymizer } = {},');
    expect(index).toContain('  return new SafeHarbor({ ...options, restrictedZip3 });');
    expect(index).toContain('export const fhirDeidOverrides: readonly FhirDeidOverride[] = [');
    expect(index).toContain("    rule: { field: 'postalCode', action: 'zip3', kind: 'geographic', model: undefined },");
  });

  it('writes an override per mapped field', () => {
    const overrides = linesOf(files, 'deid/index.ts').filter((line) => line.startsWith('    rule: '));
    // A PHI field whose path has a where(), its own or the code system's, also gets a removal
    // of the path without its conditions.
    const expected = (clinic.fhir?.mappings ?? []).flatMap((mapping) => {
      const model = clinic.models.find((candidate) => candidate.name === mapping.model);
      if (model === undefined) throw new Error(`no model ${mapping.model}`);
      const rules = deidModelRules(model, mapping);
      return mapping.fields.map((fieldMapping) => {
        const action = rules.fields.find((rule) => rule.field === fieldMapping.field)?.action;
        const isPhi = action !== 'keep' && action !== 'pseudonym';
        const conditional =
          fieldMapping.steps.some((step) => step.kind === 'where') || fieldMapping.system !== undefined;
        return isPhi && conditional ? 2 : 1;
      });
    });

    expect(expected.filter((count) => count === 2).length).toBeGreaterThan(0);
    expect(overrides).toHaveLength(expected.reduce((sum, count) => sum + count, 0));
  });

  it('takes the restricted prefixes from the spec section', async () => {
    const ir = await irOfFiles({
      ...clinicSpecFiles,
      'specs/deid.yaml': ['deidentification:', '  restrictedZip3:', '    census: 2020', '    source: local list', "    prefixes: ['893', '036']", ''].join('\n'),
    });
    const index = contentsOf(generateDeidFiles(ir), 'deid/index.ts');

    expect(index).toContain("export const restrictedZip3: readonly string[] = ['036', '893'];");
    expect(index).toContain('in the 2020 census. Source: local list.');
    expect(index.split('\n')[0]).toBe('// Generated by hspec from specs/deid.yaml, specs/fhir.yaml and specs/models.yaml.');
  });

  it('writes an empty override list without a fhir section', () => {
    const index = linesOf(generateDeidFiles(spec([model('Drug', [idField()])])), 'deid/index.ts');

    expect(index).toContain('export const fhirDeidOverrides: readonly FhirDeidOverride[] = [];');
  });
});

describe('generateDeidFiles on awkward names', () => {
  const awkward = generateFiles(awkwardFhirSpec());

  it.each([
    ['deid/date.ts', "import type { Date } from '../models/date.js';"],
    ['deid/date.ts', 'export interface DeidentifiedDate {'],
    ['deid/record.ts', '  readonly class: string;'],
    ['deid/record.ts', "  readonly order: \"it's\" | 'back\\\\slash' | 'plain';"],
    ['deid/object.ts', '  readonly key: string;'],
    ['deid/object.ts', '  readonly parent: string | null;'],
    ['deid/phi.ts', 'export function deidentifyPhi(record: Phi, harbor: SafeHarbor): DeidentifiedPhi {'],
  ])('declares in %s the line %s', (path, line) => {
    expect(linesOf(awkward, path)).toContain(line);
  });

  it('keeps every module within 100 columns and without any', () => {
    for (const file of awkward.filter((each) => each.path.startsWith('deid/'))) {
      const lines = file.contents.split('\n');
      expect(lines.filter((line) => line.length > 100), file.path).toEqual([]);
      expect(file.contents, file.path).not.toMatch(/\bany\b/);
      expect(file.contents, file.path).not.toMatch(/\n\n\n/);
    }
  });
});
