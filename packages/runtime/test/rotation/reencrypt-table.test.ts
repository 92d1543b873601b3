import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decryptPatient,
  type PatientRow,
} from '../../../../examples/telehealth/src/generated/index.js';
import {
  countRowsByKey,
  createKeyringFile,
  FieldCipher,
  FileKeyProvider,
  Keyring,
  reencryptTable,
  ReencryptError,
  retireKey,
  rotateKeyringFile,
  SqliteAuditLog,
  type AuditEntry,
  type ReencryptProgress,
} from '../../src/index.js';
import { keyMaterial, rejected, useTemporaryFolder } from '../keyring-fixture.js';
import {
  cipherFor,
  envelopesOf,
  insertPatients,
  openTelehealthDatabase,
  patients,
  readPatientRows,
  tamper,
} from './telehealth-database.js';

const temporaryFolder = useTemporaryFolder();
const k1 = keyMaterial('k1');
const k2 = keyMaterial('k2');

function keyIdsOf(row: PatientRow, cipher: FieldCipher): string[] {
  return envelopesOf(row).map((envelope) => cipher.keyIdOf(envelope));
}

describe('reencryptTable', () => {
  it('moves 2,000 patients, then retires k1', async () => {
    const folder = await temporaryFolder();
    const keyringPath = join(folder, 'keyring.json');
    const created = await createKeyringFile(keyringPath);
    const db = openTelehealthDatabase(folder);
    const before = new FieldCipher(await Keyring.load(new FileKeyProvider(keyringPath)));
    const inputs = insertPatients(db, before, 2000);
    const rowsBefore = readPatientRows(db);

    const { activeKeyId } = await rotateKeyringFile(keyringPath);
    const after = new FieldCipher(await Keyring.load(new FileKeyProvider(keyringPath)));
    const progress: ReencryptProgress[] = [];
    const result = await reencryptTable(db, patients, after, {
      batchSize: 300,
      onBatch: (batch) => progress.push(batch),
    });
    const rowsAfter = readPatientRows(db);

    expect(result).toEqual({ rows: 2000, batches: 7, remaining: 0 });
    expect(progress.map((batch) => batch.batchRows)).toEqual([300, 300, 300, 300, 300, 300, 200]);
    expect(progress.at(-1)?.rows).toBe(2000);
    expect(progress[0]?.previousKeyIds).toEqual([created.activeKeyId]);
    expect(countRowsByKey(db, patients)).toEqual({ [activeKeyId]: 2000 });
    for (const row of rowsAfter) {
      expect(new Set(keyIdsOf(row, after))).toEqual(new Set([activeKeyId]));
    }
    rowsAfter.forEach((row, index) => {
      const original = rowsBefore[index] as PatientRow;
      expect(decryptPatient(row, after)).toEqual(decryptPatient(original, before));
      expect(row.mrn_bidx).toBe(original.mrn_bidx);
      expect(row.family_name_bidx).toBe(original.family_name_bidx);
      expect(row.email_bidx).toBe(original.email_bidx);
    });

    await retireKey(keyringPath, created.activeKeyId);
    const retired = await Keyring.load(new FileKeyProvider(keyringPath));
    const fresh = new FieldCipher(retired);

    expect(retired.keyIds).toEqual([activeKeyId]);
    expect(rowsAfter.map((row) => decryptPatient(row, fresh).mrn)).toEqual(
      inputs.map((input) => input.mrn),
    );
    db.close();
  });

  it('resumes after an abort at batch 2', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 1000);
    const rowsBefore = readPatientRows(db);
    const cipher = cipherFor([k2, k1]);
    const controller = new AbortController();

    const first = await reencryptTable(db, patients, cipher, {
      batchSize: 300,
      signal: controller.signal,
      onBatch: (batch) => {
        if (batch.batch === 2) controller.abort();
      },
    });
    const rowsAborted = readPatientRows(db);

    expect(first).toEqual({ rows: 600, batches: 2, remaining: 400 });
    for (const row of rowsAborted.slice(0, 600)) {
      expect(new Set(keyIdsOf(row, cipher))).toEqual(new Set(['k2']));
    }
    expect(rowsAborted.slice(600)).toEqual(rowsBefore.slice(600));

    const second = await reencryptTable(db, patients, cipher, { batchSize: 300 });

    expect(second).toEqual({ rows: 400, batches: 2, remaining: 0 });
    expect(readPatientRows(db).slice(0, 600)).toEqual(rowsAborted.slice(0, 600));
    expect(countRowsByKey(db, patients)).toEqual({ k2: 1000 });
    db.close();
  });

  it('aborted signal changes nothing', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 10);

    const result = await reencryptTable(db, patients, cipherFor([k2, k1]), {
      signal: AbortSignal.abort(),
    });

    expect(result).toEqual({ rows: 0, batches: 0, remaining: 10 });
    db.close();
  });

  it('tampered envelope rolls back its batch', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    const inputs = insertPatients(db, cipherFor([k1]), 1000);
    const victim = readPatientRows(db)[450] as PatientRow;
    const tampered = tamper(victim.given_name);
    db.prepare('UPDATE "patients" SET "given_name" = ? WHERE "id" = ?').run(tampered, victim.id);
    const rowsBefore = readPatientRows(db);

    const error = await rejected(() =>
      reencryptTable(db, patients, cipherFor([k2, k1]), { batchSize: 300 }),
    );
    const rowsAfter = readPatientRows(db);

    expect(error).toBeInstanceOf(ReencryptError);
    expect(error).toMatchObject({
      code: 'rotation.reencrypt-failed',
      table: 'patients',
      column: 'given_name',
      primaryKey: victim.id,
    });
    expect((error as ReencryptError).message).toContain('patients.given_name');
    expect((error as ReencryptError).message).toContain(victim.id);
    expect((error as ReencryptError).message).not.toContain(inputs[450]?.givenName);
    expect((error as ReencryptError).message).not.toContain(tampered);
    expect((error as ReencryptError).cause).toMatchObject({ code: 'crypto.decrypt-failed' });
    expect(countRowsByKey(db, patients)).toEqual({ k1: 700, k2: 300 });
    expect(rowsAfter.slice(300)).toEqual(rowsBefore.slice(300));
    db.close();
  });

  it('missing old key rolls back', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 5);
    const rowsBefore = readPatientRows(db);

    const error = await rejected(() => reencryptTable(db, patients, cipherFor([k2])));

    expect(error).toMatchObject({ code: 'rotation.reencrypt-failed', table: 'patients' });
    expect((error as ReencryptError).cause).toMatchObject({ code: 'crypto.key-not-found' });
    expect(readPatientRows(db)).toEqual(rowsBefore);
    db.close();
  });

  it('updates only columns under old keys', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    const old = cipherFor([k1]);
    const active = cipherFor([k2, k1]);
    const [input] = insertPatients(db, old, 1);
    const where = { table: 'patients', column: 'zip', primaryKey: input?.id ?? '' };
    const zip = active.encrypt('string', '67401', where);
    db.prepare('UPDATE "patients" SET "zip" = ?').run(zip);

    const result = await reencryptTable(db, patients, active);
    const [row] = readPatientRows(db);

    expect(result).toEqual({ rows: 1, batches: 1, remaining: 0 });
    expect(row?.zip).toBe(zip);
    expect(new Set(keyIdsOf(row as PatientRow, active))).toEqual(new Set(['k2']));
    db.close();
  });

  it('skips rows already on the active key', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k2, k1]), 20);
    const rowsBefore = readPatientRows(db);

    const result = await reencryptTable(db, patients, cipherFor([k2, k1]));

    expect(result).toEqual({ rows: 0, batches: 0, remaining: 0 });
    expect(readPatientRows(db)).toEqual(rowsBefore);
    db.close();
  });

  it('matches key ids literally, not as LIKE', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    const old = keyMaterial('kAb');
    const upper = keyMaterial('K_B');
    const [input] = insertPatients(db, cipherFor([old]), 3);
    const where = { table: 'patients', column: 'zip', primaryKey: input?.id ?? '' };
    const zip = cipherFor([upper]).encrypt('string', '67401', where);
    db.prepare('UPDATE "patients" SET "zip" = ? WHERE "id" = ?').run(zip, input?.id);

    const result = await reencryptTable(db, patients, cipherFor([keyMaterial('k_b'), old, upper]));

    expect(result).toEqual({ rows: 3, batches: 1, remaining: 0 });
    expect(countRowsByKey(db, patients)).toEqual({ k_b: 3 });
    db.close();
  });

  it('audits each batch without values', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    const inputs = insertPatients(db, cipherFor([k1]), 250);
    const entries: AuditEntry[] = [];

    await reencryptTable(db, patients, cipherFor([k2, k1]), {
      batchSize: 100,
      requestId: 'job-1',
      audit: {
        appendSync: (entry: AuditEntry) => {
          expect(db.inTransaction).toBe(true);
          entries.push(entry);
        },
      },
    });

    expect(entries.map((entry) => entry.recordIds.length)).toEqual([100, 100, 50]);
    expect(entries[0]).toMatchObject({
      event: 'keys.reencrypt',
      action: 'key-rotation',
      outcome: 'success',
      model: 'Patient',
      requestId: 'job-1',
      detail: 'table=patients rows=100 from=k1 to=k2',
    });
    expect(entries[0]?.recordIds[0]).toBe(inputs[0]?.id);
    expect(entries[0]?.changedFields).toContain('ssn');
    const recorded = JSON.stringify(entries);
    for (const value of [inputs[7]?.givenName, inputs[7]?.mrn, inputs[7]?.phone]) {
      expect(recorded).not.toContain(value);
    }
    db.close();
  });

  it('commits SQLite audit records with batches', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    const inputs = insertPatients(db, cipherFor([k1]), 250);
    const victim = readPatientRows(db)[150] as PatientRow;
    const city = tamper(victim.city ?? '');
    db.prepare('UPDATE "patients" SET "city" = ? WHERE "id" = ?').run(city, victim.id);
    const keyring = Keyring.from({
      activeKeyId: 'k2',
      keys: [k2, k1],
      blindIndexKey: keyMaterial('b1'),
      auditKey: keyMaterial('a1'),
    });
    const log = new SqliteAuditLog(db, { keyring });
    log.ensureSchema();

    const error = await rejected(() =>
      reencryptTable(db, patients, new FieldCipher(keyring), { batchSize: 100, audit: log }),
    );
    const records = [...log.records()];

    expect(error).toMatchObject({ code: 'rotation.reencrypt-failed', column: 'city' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'key-rotation', model: 'Patient' });
    expect(records[0]?.recordIds).toEqual(inputs.slice(0, 100).map((input) => input.id));
    expect(log.verify().ok).toBe(true);
    expect(countRowsByKey(db, patients)).toEqual({ k1: 150, k2: 100 });
    db.close();
  });

  it('failed audit append rolls back batch', async () => {
    const db = openTelehealthDatabase(await temporaryFolder());
    insertPatients(db, cipherFor([k1]), 30);
    let appends = 0;

    const error = await rejected(() =>
      reencryptTable(db, patients, cipherFor([k2, k1]), {
        batchSize: 10,
        audit: {
          append: async () => {
            appends += 1;
            if (appends === 2) throw new Error('audit log unavailable');
            return undefined;
          },
        },
      }),
    );

    expect((error as Error).message).toBe('audit log unavailable');
    expect(countRowsByKey(db, patients)).toEqual({ k1: 20, k2: 10 });
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects batch size %s', async (batchSize) => {
    const db = openTelehealthDatabase(await temporaryFolder());

    const error = await rejected(() =>
      reencryptTable(db, patients, cipherFor([k2]), { batchSize }),
    );

    expect(error).toBeInstanceOf(RangeError);
    db.close();
  });
});
