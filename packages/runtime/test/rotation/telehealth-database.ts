import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  encryptClinic,
  encryptPatient,
  patientTable,
  type PatientInput,
  type PatientRow,
} from '../../../../examples/telehealth/src/generated/index.js';
import {
  FieldCipher,
  Keyring,
  reencryptTargetOf,
  type IsoDate,
  type KeyMaterial,
} from '../../src/index.js';
import { keyMaterial } from '../keyring-fixture.js';

const schemaPath = fileURLToPath(
  new URL('../../../../examples/telehealth/src/generated/schema.sql', import.meta.url),
);

/** The re-encryption target of the generated patients table. */
export const patients = reencryptTargetOf(patientTable);

export const clinicId = '6f1c2a90-0000-4000-8000-000000000001';

const blindIndexKey = keyMaterial('b1');

/** Opens a SQLite file in `folder` with the telehealth example's generated schema. */
export function openTelehealthDatabase(folder: string): Database.Database {
  const db = new Database(join(folder, 'telehealth.db'));
  db.exec(readFileSync(schemaPath, 'utf8'));
  return db;
}

/** Builds a cipher whose active key is the first of `keys`. */
export function cipherFor(keys: readonly KeyMaterial[]): FieldCipher {
  const [first] = keys;
  if (first === undefined) {
    throw new Error('cipherFor needs at least one key');
  }
  return new FieldCipher(Keyring.from({ activeKeyId: first.id, keys, blindIndexKey }));
}

/**
 * Builds a patient whose values all contain its index. Every third patient has no SSN, and every
 * fourth has no email.
 */
export function patientInput(index: number): PatientInput {
  const digits = String(index).padStart(4, '0');
  return {
    id: patientId(index),
    clinicId,
    mrn: `MRN-${digits}`,
    givenName: `Given${digits}`,
    familyName: `Family${digits}`,
    birthDate: `19${String(50 + (index % 50))}-0${1 + (index % 9)}-1${index % 10}` as IsoDate,
    sex: index % 2 === 0 ? 'female' : 'male',
    ssn: index % 3 === 0 ? null : `900-${digits.slice(0, 2)}-${digits}`,
    phone: `785-555-${digits}`,
    email: index % 4 === 0 ? null : `patient${digits}@example.org`,
    street: `${index} Prairie Road`,
    city: 'Salina',
    state: 'KS',
    zip: '67401',
    memberId: `HP${digits}`,
    consentsToSms: index % 5 === 0,
  };
}

/** Returns the id of patient `index`, padded so that ids sort in index order. */
export function patientId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

/** Writes the clinic and `count` patients, encrypted with `cipher`, and returns their inputs. */
export function insertPatients(
  db: Database.Database,
  cipher: FieldCipher,
  count: number,
): PatientInput[] {
  const clinic = encryptClinic(
    { id: clinicId, name: 'Salina Telehealth', npi: '1234567893' },
    cipher,
  );
  insertRow(db, 'clinics', clinic);

  const inputs = Array.from({ length: count }, (_, index) => patientInput(index));
  db.transaction(() => {
    for (const input of inputs) {
      insertRow(db, 'patients', encryptPatient(input, cipher));
    }
  })();
  return inputs;
}

/** Inserts one row whose property names are its column names. */
export function insertRow(db: Database.Database, table: string, row: object): void {
  const columns = Object.keys(row);
  const names = columns.map((column) => `"${column}"`).join(', ');
  const values = columns.map((column) => `@${column}`).join(', ');
  db.prepare(`INSERT OR IGNORE INTO "${table}" (${names}) VALUES (${values})`).run(row);
}

/** Reads every patients row in primary key order. */
export function readPatientRows(db: Database.Database): PatientRow[] {
  return db.prepare('SELECT * FROM "patients" ORDER BY "id"').all() as PatientRow[];
}

/** Returns every non-null encrypted value of a patients row. */
export function envelopesOf(row: PatientRow): string[] {
  const values = row as unknown as Record<string, unknown>;
  return patients.columns
    .map((column) => values[column.column])
    .filter((value): value is string => typeof value === 'string');
}

/** Changes one payload character in the middle of an envelope, so its tag no longer matches. */
export function tamper(envelope: string): string {
  const at = envelope.length - 10;
  const replacement = envelope[at] === 'A' ? 'B' : 'A';
  return `${envelope.slice(0, at)}${replacement}${envelope.slice(at + 1)}`;
}
