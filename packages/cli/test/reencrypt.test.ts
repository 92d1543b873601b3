import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { execa, type Result } from 'execa';
import { describe, expect, it } from 'vitest';

import {
  decryptPatient,
  encryptVisit,
  visitTable,
  type PatientInput,
  type PatientRow,
} from '../../../examples/telehealth/src/generated/index.js';
import {
  countRowsByKey,
  FieldCipher,
  FileKeyProvider,
  Keyring,
  reencryptTargetOf,
  SqliteAuditLog,
  type DateTime,
} from '@hspec/runtime';
import {
  insertPatients,
  insertRow,
  openTelehealthDatabase,
  patientId,
  patients,
  readPatientRows,
  tamper,
} from '../../runtime/test/rotation/telehealth-database.js';
import { copyExampleSpec, hspec, hspecBin } from './support.js';

const visits = reencryptTargetOf(visitTable);
const patientCount = 120;
const visitCount = 10;

interface Project {
  readonly root: string;
  readonly keyringPath: string;
  readonly databasePath: string;
  readonly oldKeyId: string;
  readonly inputs: readonly PatientInput[];
}

/**
 * Copies the example spec, creates its keyring, writes patients and visits under the first key
 * into a SQLite file with the generated schema (and the audit log tables with `auditLog`), and
 * rotates the keyring.
 */
async function rotatedProject(options: { auditLog?: boolean } = {}): Promise<Project> {
  const root = await copyExampleSpec();
  await hspec(['keys', 'new', root]);
  const keyringPath = join(root, '.hspec/keyring.json');
  const keyring = await Keyring.load(new FileKeyProvider(keyringPath));
  const cipher = new FieldCipher(keyring);

  const db = openTelehealthDatabase(root);
  if (options.auditLog === true) {
    new SqliteAuditLog(db, { keyring }).ensureSchema();
  }
  const inputs = insertPatients(db, cipher, patientCount);
  for (let index = 0; index < visitCount; index += 1) {
    const visit = encryptVisit(
      {
        id: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
        patientId: patientId(index),
        clinicId: inputs[0]?.clinicId ?? '',
        mode: 'video',
        start: new Date(Date.UTC(2026, 0, 1 + index, 9)) as DateTime,
        reason: index % 2 === 0 ? '386661006' : null,
        deviceIp: '192.0.2.10',
      },
      cipher,
    );
    insertRow(db, 'visits', visit);
  }
  db.close();

  await hspec(['keys', 'rotate', root]);
  return {
    root,
    keyringPath,
    databasePath: join(root, 'telehealth.db'),
    oldKeyId: keyring.activeKeyId,
    inputs,
  };
}

/** Runs `hspec keys reencrypt` on the project's database with extra options. */
function reencrypt(project: Project, ...options: string[]): Promise<Result> {
  return hspec(['keys', 'reencrypt', project.root, '--sqlite', project.databasePath, ...options]);
}

/** Runs `hspec keys retire` for a key on the project's database with extra options. */
function retire(project: Project, keyId: string, ...options: string[]): Promise<Result> {
  const database = ['--sqlite', project.databasePath];
  return hspec(['keys', 'retire', keyId, project.root, ...database, ...options]);
}

async function activeKeyIdOf(path: string): Promise<string> {
  return (JSON.parse(await readFile(path, 'utf8')) as { activeKeyId: string }).activeKeyId;
}

function withDatabase<T>(path: string, action: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return action(db);
  } finally {
    db.close();
  }
}

describe('hspec keys reencrypt and retire', () => {
  it('re-encrypts all tables, then retires', async () => {
    const project = await rotatedProject();
    const activeKeyId = await activeKeyIdOf(project.keyringPath);

    const reencrypted = await reencrypt(project, '--batch-size', '50', '--json');
    const document = JSON.parse(reencrypted.stdout) as {
      ok: boolean;
      rows: number;
      remaining: number;
      tables: { table: string; rows: number; batches: number; remaining: number }[];
    };

    expect(reencrypted.exitCode).toBe(0);
    expect(document.ok).toBe(true);
    expect(document.rows).toBe(patientCount + visitCount);
    expect(document.remaining).toBe(0);
    expect(document.tables).toContainEqual({
      table: 'patients',
      rows: 120,
      batches: 3,
      remaining: 0,
    });
    expect(document.tables).toContainEqual({
      table: 'visits',
      rows: 10,
      batches: 1,
      remaining: 0,
    });
    withDatabase(project.databasePath, (db) => {
      expect(countRowsByKey(db, patients)).toEqual({ [activeKeyId]: patientCount });
      expect(countRowsByKey(db, visits)).toEqual({ [activeKeyId]: visitCount });
    });

    const retired = await retire(project, project.oldKeyId, '--json');
    const keyring = await Keyring.load(new FileKeyProvider(project.keyringPath));
    const cipher = new FieldCipher(keyring);

    expect(retired.exitCode).toBe(0);
    expect(JSON.parse(retired.stdout)).toMatchObject({ ok: true, retiredKeyId: project.oldKeyId });
    expect(keyring.keyIds).toEqual([activeKeyId]);
    expect((await stat(project.keyringPath)).mode & 0o777).toBe(0o600);
    withDatabase(project.databasePath, (db) => {
      const rows = readPatientRows(db);
      expect(rows.map((row: PatientRow) => decryptPatient(row, cipher).ssn)).toEqual(
        project.inputs.map((input) => input.ssn),
      );
    });
  });

  it('prints batch, table and summary lines', async () => {
    const project = await rotatedProject();
    const activeKeyId = await activeKeyIdOf(project.keyringPath);

    const result = await reencrypt(project, '--batch-size', '50');

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^patients: batch 1, 50 rows from ${project.oldKeyId} \\(50 so far\\)$`, 'm'),
    );
    expect(result.stdout).toMatch(/^patients: 120 rows re-encrypted in 3 batches, 0 remaining$/m);
    expect(result.stdout).toMatch(/^visits: 10 rows re-encrypted in 1 batch, 0 remaining$/m);
    expect(result.stdout).toMatch(/^visit_notes: no rows under older keys$/m);
    expect(result.stdout).toContain(
      `done: re-encrypted 130 rows in 4 batches; every envelope now names ${activeKeyId}`,
    );
  });

  it('second run changes nothing', async () => {
    const project = await rotatedProject();
    await reencrypt(project, '--json');
    const before = withDatabase(project.databasePath, readPatientRows);

    const again = await reencrypt(project, '--json');

    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, rows: 0, batches: 0 });
    expect(withDatabase(project.databasePath, readPatientRows)).toEqual(before);
  });

  it('audits batches and retirement in hspec_audit_log', async () => {
    const project = await rotatedProject({ auditLog: true });

    const reencrypted = await reencrypt(project, '--batch-size', '50');
    const retired = await retire(project, project.oldKeyId);
    const keyring = await Keyring.load(new FileKeyProvider(project.keyringPath));
    const [records, verification] = withDatabase(project.databasePath, (db) => {
      const log = new SqliteAuditLog(db, { keyring });
      return [[...log.records()], log.verify()] as const;
    });

    expect(reencrypted.exitCode).toBe(0);
    expect(reencrypted.stderr).not.toContain('not audited');
    expect(retired.exitCode).toBe(0);
    expect(records.map((record) => record.event)).toEqual([
      'keys.reencrypt',
      'keys.reencrypt',
      'keys.reencrypt',
      'keys.reencrypt',
      'keys.retire',
    ]);
    expect(records.map((record) => record.model)).toEqual([
      'Patient',
      'Patient',
      'Patient',
      'Visit',
      null,
    ]);
    expect(records[4]?.detail).toContain(`retired=${project.oldKeyId}`);
    expect(verification.ok).toBe(true);
    expect(JSON.stringify(records)).not.toContain(project.inputs[3]?.givenName);
  });

  it('Ctrl-C stops after a batch and a rerun resumes', async () => {
    const project = await rotatedProject();
    const args = ['keys', 'reencrypt', project.root, '--sqlite', project.databasePath];
    const running = execa(process.execPath, [hspecBin, ...args, '--batch-size', '1'], {
      reject: false,
      env: { NO_COLOR: '1' },
    });
    running.stdout.once('data', () => running.kill('SIGINT'));

    const interrupted = await running;
    const counts = withDatabase(project.databasePath, (db) => countRowsByKey(db, patients));

    expect(interrupted.exitCode).toBe(1);
    expect(interrupted.stderr).toContain('interrupted: stopping after the current batch');
    expect(interrupted.stderr).toMatch(/run `hspec keys reencrypt` again to resume/);
    expect(counts[project.oldKeyId]).toBeGreaterThan(0);
    expect(counts[project.oldKeyId]).toBeLessThan(patientCount);

    const resumed = await reencrypt(project, '--json');

    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ ok: true, remaining: 0 });
  });

  it('retire rejects a key in use', async () => {
    const project = await rotatedProject();
    const before = await readFile(project.keyringPath, 'utf8');

    const text = await retire(project, project.oldKeyId);
    const json = await retire(project, project.oldKeyId, '--json');

    expect(text.exitCode).toBe(1);
    expect(text.stderr).toContain(`patients: 120 rows still use ${project.oldKeyId}`);
    expect(text.stderr).toContain(`visits: 10 rows still use ${project.oldKeyId}`);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      keyId: project.oldKeyId,
      tables: [
        { table: 'patients', rows: 120 },
        { table: 'visits', rows: 10 },
      ],
    });
    expect(await readFile(project.keyringPath, 'utf8')).toBe(before);
  });

  it('retire rejects the active key', async () => {
    const project = await rotatedProject();
    const activeKeyId = await activeKeyIdOf(project.keyringPath);
    const before = await readFile(project.keyringPath, 'utf8');

    const result = await retire(project, activeKeyId);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`key "${activeKeyId}" is the active key`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(project.keyringPath, 'utf8')).toBe(before);
  });

  it('names a tampered row without its value', async () => {
    const project = await rotatedProject();
    const victim = project.inputs[70];
    withDatabase(project.databasePath, (db) => {
      const row = db.prepare('SELECT "phone" FROM "patients" WHERE "id" = ?').get(victim?.id) as {
        phone: string;
      };
      const phone = tamper(row.phone);
      db.prepare('UPDATE "patients" SET "phone" = ? WHERE "id" = ?').run(phone, victim?.id);
    });

    const result = await reencrypt(project, '--batch-size', '50', '--json');
    const document = JSON.parse(result.stdout) as { error: Record<string, unknown> };

    expect(result.exitCode).toBe(1);
    expect(document.error).toMatchObject({
      code: 'rotation.reencrypt-failed',
      table: 'patients',
      column: 'phone',
      primaryKey: victim?.id,
    });
    expect(result.stdout).not.toContain(victim?.phone);
    withDatabase(project.databasePath, (db) => {
      expect(countRowsByKey(db, patients)[project.oldKeyId]).toBe(70);
    });
  });

  const usageCases = [
    { name: 'a missing --sqlite', args: () => [], message: /--sqlite/ },
    {
      name: 'a batch size of 0',
      args: (database: string) => ['--sqlite', database, '--batch-size', '0'],
      message: /--batch-size must be a positive integer, got "0"/,
    },
    {
      name: 'a database file that does not exist',
      args: () => ['--sqlite', 'absent.db'],
      message: /absent\.db: file not found/,
    },
  ];

  it.each(usageCases)('reencrypt rejects $name as a usage error', async ({ args, message }) => {
    const project = await rotatedProject();

    const result = await hspec(
      ['keys', 'reencrypt', project.root, ...args(project.databasePath)],
      project.root,
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('rejects a database without spec tables', async () => {
    const project = await rotatedProject();
    const other = join(project.root, 'other.db');
    withDatabase(other, (db) => db.exec('CREATE TABLE "patients" ("id" TEXT PRIMARY KEY)'));

    const result = await hspec(['keys', 'reencrypt', project.root, '--sqlite', other]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('column "patients"."mrn"');
    expect(result.stderr).toContain('table "visits"');
  });
});
