import type { GeneratedFile } from '../../../src/generate/generate-files.js';

/**
 * A module compiled beside the generated telehealth code: each `@ts-expect-error` line must fail
 * to compile, and every other line must compile. An expectation that stops failing is itself a
 * compile error (TS2578), so the type test cannot pass by accident.
 */
export const telehealthTypeTests: GeneratedFile = {
  path: 'type-tests.ts',
  contents: `import type { BlindIndex, Envelope, FieldCipher, Phi } from '@hspec/runtime';

import {
  decryptPatient,
  encryptPatient,
  patientMrnIndex,
  patientTable,
  type Patient,
  type PatientInput,
  type PatientRow,
} from './index.js';

declare const patient: Patient;
declare const row: PatientRow;
declare const cipher: FieldCipher;
declare const ssn: Phi<string, 'ssn'>;

// A PHI value of one identifier kind is not a PHI value of another kind.
// @ts-expect-error
export const nameFromSsn: Phi<string, 'name'> = ssn;

// An envelope from a row is not the decrypted value of the field.
// @ts-expect-error
export const mrnFromRow: Patient['mrn'] = row.mrn;

// Plain text does not become PHI without going through decryption.
// @ts-expect-error
export const plainFamilyName: Patient['familyName'] = 'Lovelace';

// A decrypted record is valid input again: branded values are assignable to plain ones.
export const rewritten: PatientInput = { ...patient };
export const reencrypted: PatientRow = encryptPatient(patient, cipher);
export const decrypted: Patient = decryptPatient(row, cipher);

// An optional field of a record is null when absent, never undefined.
// @ts-expect-error
export const withoutSsn: Patient = { ...patient, ssn: undefined };

// Optional input fields may be omitted, null or undefined.
export const minimal: PatientInput = {
  id: patient.id,
  organizationId: patient.organizationId,
  mrn: 'MRN-1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1815-12-10',
  sex: 'female',
  ssn: null,
  phone: undefined,
  postalCode: '02139',
};

// Required input fields may not be omitted.
// @ts-expect-error
export const missingMrn: PatientInput = { ...minimal, mrn: undefined };

// Enum fields take only the values of the spec.
// @ts-expect-error
export const unknownSex: PatientInput['sex'] = 'f';

// A blind index is not an envelope, and a lookup returns a blind index.
// @ts-expect-error
export const indexAsEnvelope: Envelope = patientMrnIndex('MRN-1', cipher);
export const index: BlindIndex = patientMrnIndex('MRN-1', cipher);

// The metadata keeps literal types, so repositories can rely on them.
export const table: 'patients' = patientTable.table;
export const mrnIsEncrypted: true = patientTable.fields[2].encrypted;
`,
};

/** Type tests beside the generated code of the awkward-names spec, stored in SQLite. */
export const awkwardTypeTests: GeneratedFile = {
  path: 'type-tests.ts',
  contents: `import type { Date, DateRow, Record, RecordInput, RecordRow } from './index.js';

declare const record: Record;
declare const date: Date;

// A model named Date is not the global Date, and its datetime fields are.
export const end: globalThis.Date | null = record.end;
// @ts-expect-error
export const notGlobal: globalThis.Date = date;

// SQLite stores booleans as 0 or 1.
export const stored: RecordRow['function'] = 1;
// @ts-expect-error
export const outOfRange: RecordRow['function'] = 2;
export const optionalFlag: DateRow['to_string'] = null;

// Reserved words are ordinary fields, and an optional field named like an Object member is
// passed as null because it cannot be omitted.
export const input: Pick<RecordInput, 'class' | 'delete' | 'constructor' | 'toString'> = {
  class: 'a',
  constructor: null,
  toString: null,
};
// @ts-expect-error
export const omitted: Pick<RecordInput, 'constructor'> = {};
// @ts-expect-error
export const wrongType: RecordInput['default'] = '7';
`,
};
