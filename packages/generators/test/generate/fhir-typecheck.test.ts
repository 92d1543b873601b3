import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateFiles, type GeneratedFile } from '../../src/generate/generate-files.js';
import { awkwardFhirSpec, clinicSpecFiles, irOfFiles } from './support/fhir-specs.js';
import { typeCheck, writeGeneratedOutput } from './support/generated-output.js';
import { loadProject } from '../../src/load-project.js';

const exampleRoot = resolve(import.meta.dirname, '../../../../examples/telehealth');

/**
 * Compiled beside the clinic spec's output: the mappers and de-identification functions accept
 * what they should, and tsc rejects a de-identified record where an identified one is needed.
 */
const clinicTypeTests: GeneratedFile = {
  path: 'fhir-type-tests.ts',
  contents: `import type { fhir4 } from '@hspec/runtime';

import { createSafeHarbor, deidentifyPerson, type DeidentifiedPerson } from './deid/index.js';
import { personFromFhir, personToFhir, type PersonFhirFields } from './fhir/index.js';
import type { Person } from './index.js';

declare const person: Person;
declare const resource: fhir4.Patient;

// A record goes out as a Patient, and what comes back can go out again.
export const written: fhir4.Patient = personToFhir(person);
export const read: PersonFhirFields = personFromFhir(resource);
export const again: fhir4.Patient = personToFhir(personFromFhir(resource));

// The read fields are plain values, and optional ones may be null.
export const phone: string | null = read.phone;

// Another resource type is not a Patient.
declare const encounter: fhir4.Encounter;
// @ts-expect-error
export const wrongType = personFromFhir(encounter);

const deidentified: DeidentifiedPerson = deidentifyPerson(person, createSafeHarbor());
export const birthYear: string | null = deidentified.birthDate;
export const over89: boolean = deidentified.ageOver89;

// Removed identifiers are absent from the de-identified type.
// @ts-expect-error
export const mrn = deidentified.mrn;

// A de-identified record is not a record.
// @ts-expect-error
export const backToPerson: Person = deidentified;
`,
};

describe('generated FHIR and de-identification code under tsc --strict', () => {
  it('compiles the clinic spec with its type tests', async () => {
    const files = generateFiles(await irOfFiles(clinicSpecFiles));
    const folder = writeGeneratedOutput('typecheck-fhir-clinic', files, [clinicTypeTests]);

    expect(typeCheck(folder)).toEqual([]);
  });

  it('compiles the awkward spec', () => {
    const folder = writeGeneratedOutput('typecheck-fhir-awkward', generateFiles(awkwardFhirSpec()));

    expect(typeCheck(folder)).toEqual([]);
  });

  it('compiles the example spec', async () => {
    const result = await loadProject(exampleRoot);
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
    const folder = writeGeneratedOutput('typecheck-fhir-example', generateFiles(result.ir));

    expect(typeCheck(folder)).toEqual([]);
  });
});
