import { describe, expect, it } from 'vitest';
import { visitTable } from '../../../../examples/telehealth/src/generated/index.js';
import {
  assertKeyUnused,
  countRowsByKey,
  KeyInUseError,
  reencryptTargetOf,
} from '../../src/index.js';
import { caught, keyMaterial, useTemporaryFolder } from '../keyring-fixture.js';
import {
  cipherFor,
  insertPatients,
  openTelehealthDatabase,
  patientId,
  patients,
} from './telehealth-database.js';

const temporaryFolder = useTemporaryFolder();
const k1 = keyMaterial('k1');
const k2 = keyMaterial('k2');
const visits = reencryptTargetOf(visitTable);

describe('countRowsByKey', () => {
  it('counts a row once per key', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 10);
    const where = { table: 'patients', column: 'zip', primaryKey: patientId(0) };
    const zip = cipherFor([k2]).encrypt('string', '67401', where);
    db.prepare('UPDATE "patients" SET "zip" = ? WHERE "id" = ?').run(zip, patientId(0));

    expect(countRowsByKey(db, patients)).toEqual({ k1: 10, k2: 1 });
    db.close();
  });

  it('ignores nulls and non-envelopes', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 3);
    db.prepare('UPDATE "patients" SET "ssn" = NULL, "zip" = ? WHERE "id" = ?').run(
      '67401',
      patientId(0),
    );
    db.prepare('UPDATE "patients" SET "phone" = ? WHERE "id" = ?').run('hspec:v1::x', patientId(1));

    expect(countRowsByKey(db, patients)).toEqual({ k1: 3 });
    db.close();
  });

  it('returns no counts for an empty table', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());

    expect(countRowsByKey(db, visits)).toEqual({});
    db.close();
  });
});

describe('assertKeyUnused', () => {
  it('lists tables that use the key', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 4);

    const error = caught(() => assertKeyUnused(db, [visits, patients], 'k1'));

    expect(error).toBeInstanceOf(KeyInUseError);
    expect(error).toMatchObject({
      code: 'rotation.key-in-use',
      keyId: 'k1',
      tables: [{ table: 'patients', rows: 4 }],
    });
    expect((error as KeyInUseError).message).toContain('4 rows in patients');
    db.close();
  });

  it.each(['k2', 'constructor'])('passes for unused key %s', async (keyId) => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 4);

    expect(() => assertKeyUnused(db, [visits, patients], keyId)).not.toThrow();
    db.close();
  });
});
