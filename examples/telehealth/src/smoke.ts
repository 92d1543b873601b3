// Smoke run of the telehealth example: stores a synthetic patient in SQLite through the generated
// code, shows that PHI columns hold only ciphertext, finds the patient by MRN through the blind
// index and reads the record back decrypted. It then writes the patient as a FHIR R4 resource
// and reads it back, and de-identifies it by Safe Harbor. It prints field, column and element
// names, never PHI values.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  createKeyringFile,
  DecryptError,
  FieldCipher,
  FileKeyProvider,
  isEnvelope,
  Keyring,
} from '@hspec/runtime';
import Database from 'better-sqlite3';

import { createSafeHarbor, deidentifyPatient } from './generated/deid/index.js';
import { patientFromFhir, patientToFhir } from './generated/fhir/index.js';
import {
  decryptPatient,
  encryptClinic,
  encryptPatient,
  patientMrnIndex,
  patientTable,
  type PatientInput,
  type PatientRow,
} from './generated/index.js';

const exampleRoot = fileURLToPath(new URL('../', import.meta.url));
const keyringPath = `${exampleRoot}.hspec/keyring.json`;
const databasePath = `${exampleRoot}data/smoke.db`;

const failures: string[] = [];

function check(condition: boolean, description: string): void {
  console.log(`  ${condition ? 'ok  ' : 'FAIL'} ${description}`);
  if (!condition) failures.push(description);
}

/** Inserts a row object with named parameters; column names come from the generated metadata. */
function insertRow(database: Database.Database, table: string, row: object): void {
  const columns = Object.keys(row);
  const names = columns.map((column) => `"${column}"`).join(', ');
  const values = columns.map((column) => `@${column}`).join(', ');
  database.prepare(`INSERT INTO "${table}" (${names}) VALUES (${values})`).run(row);
}

async function main(): Promise<void> {
  console.log('hspec telehealth smoke run');

  if (!existsSync(keyringPath)) {
    await createKeyringFile(keyringPath);
    console.log(`created a local keyring at .hspec/keyring.json (keep it out of version control)`);
  }
  const keyring = await Keyring.load(new FileKeyProvider(keyringPath));
  const cipher = new FieldCipher(keyring);

  rmSync(databasePath, { force: true });
  mkdirSync(`${exampleRoot}data`, { recursive: true });
  const database = new Database(databasePath);
  database.pragma('foreign_keys = ON');
  database.exec(readFileSync(`${exampleRoot}src/generated/schema.sql`, 'utf8'));
  console.log('applied src/generated/schema.sql to data/smoke.db');

  const clinicId = randomUUID();
  insertRow(
    database,
    'clinics',
    encryptClinic({ id: clinicId, name: 'Prairie Telehealth', npi: '1234567893' }, cipher),
  );

  // A synthetic patient: every value below is invented for this run.
  const input: PatientInput = {
    id: randomUUID(),
    clinicId,
    mrn: 'MRN-0042-7731',
    givenName: 'Zoë',
    familyName: 'Okonkwo-Lindqvist',
    birthDate: '1958-02-28',
    sex: 'female',
    ssn: '900-12-3456',
    phone: '+1 785 555 0142',
    email: 'zoe.ol@example.org',
    street: '12 Sunflower Rd',
    city: 'Salina',
    state: 'KS',
    zip: '67401',
    memberId: 'KSM-88120-04',
    consentsToSms: true,
  };
  insertRow(database, 'patients', encryptPatient(input, cipher));
  console.log('stored one patient through encryptPatient');

  console.log('raw patients row:');
  const raw = database.prepare('SELECT * FROM "patients" WHERE "id" = ?').get(input.id) as Record<
    string,
    unknown
  >;
  for (const field of patientTable.fields) {
    const stored = raw[field.column];
    const plaintext = (input as unknown as Record<string, unknown>)[field.name];
    if (!field.encrypted) {
      console.log(`       ${field.column}: plaintext (not PHI)`);
      continue;
    }
    const isCiphertext = isEnvelope(stored);
    const leaks = typeof stored === 'string' && typeof plaintext === 'string' && stored.includes(plaintext);
    const preview = typeof stored === 'string' ? `${stored.slice(0, 40)}...` : String(stored);
    check(
      isCiphertext && !leaks,
      `${field.column} holds only ciphertext (${field.phi ?? 'sensitive'}): ${preview}`,
    );
  }

  // A search term typed differently still matches: the blind index normalizes case and spaces.
  const found = database
    .prepare('SELECT * FROM "patients" WHERE "mrn_bidx" = ?')
    .all(patientMrnIndex('  mrn-0042-7731 ', cipher)) as PatientRow[];
  check(found.length === 1, 'found the patient by MRN through the mrn_bidx blind index');

  const [row] = found;
  if (row !== undefined) {
    const patient = decryptPatient(row, cipher);
    const mismatched = patientTable.fields
      .map((field) => field.name)
      .filter((name) => {
        const expected = (input as unknown as Record<string, unknown>)[name] ?? null;
        return (patient as unknown as Record<string, unknown>)[name] !== expected;
      });
    check(mismatched.length === 0, `decrypted record matches the input in ${patientTable.fields.length} fields`);

    // An envelope moved to another row does not decrypt: the row's primary key is bound into it.
    const moved = { ...row, id: randomUUID() };
    let rejected = false;
    try {
      decryptPatient(moved, cipher);
    } catch (error) {
      rejected = error instanceof DecryptError;
    }
    check(rejected, 'a ciphertext copied into another row fails to decrypt');

    // FHIR R4: the mapping writes the resource and reads the same fields back from it.
    const resource = patientToFhir(patient);
    console.log(`FHIR Patient elements: ${Object.keys(resource).join(', ')}`);
    const mrnIdentifier = resource.identifier?.find((identifier) =>
      identifier.type?.coding?.some((coding) => coding.code === 'MR'),
    );
    check(mrnIdentifier?.value === input.mrn, 'the FHIR Patient carries the MRN as an MR identifier');
    const fromFhir = patientFromFhir(resource) as unknown as Record<string, unknown>;
    const unequal = Object.keys(fromFhir).filter(
      (name) => fromFhir[name] !== ((patient as unknown as Record<string, unknown>)[name] ?? null),
    );
    check(unequal.length === 0, `patientFromFhir(patientToFhir(p)) returns the ${Object.keys(fromFhir).length} mapped fields unchanged`);

    // Safe Harbor: identifiers go, the birth date keeps its year and the ZIP code three digits.
    const harbor = createSafeHarbor({ asOf: new Date('2026-01-01T00:00:00Z') });
    const deidentified = deidentifyPatient(patient, harbor);
    console.log(`de-identified Patient fields: ${Object.keys(deidentified).join(', ')}`);
    check(
      !('givenName' in deidentified) && !('mrn' in deidentified) && !('ssn' in deidentified),
      'the de-identified patient has no name, MRN or SSN',
    );
    check(
      deidentified.birthDate === input.birthDate.slice(0, 4) && deidentified.zip === input.zip.slice(0, 3),
      'the de-identified patient keeps the birth year and the first three ZIP digits',
    );
    check(deidentified.id !== input.id, 'the de-identified patient has a pseudonym for its id');
  }

  database.close();
  if (failures.length > 0) {
    console.error(`smoke run failed: ${failures.length} check(s)`);
    process.exitCode = 1;
    return;
  }
  console.log('smoke run passed');
}

await main();
