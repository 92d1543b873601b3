import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import {
  createKeyringFile,
  FileKeyProvider,
  JsonlAuditLog,
  Keyring,
  SqliteAuditLog,
  type AuditEntry,
} from '@hspec/runtime';

import { copyExampleSpec, hspec } from './support.js';

const entry: AuditEntry = {
  event: 'phi.read',
  action: 'read',
  outcome: 'success',
  userId: 'user-7',
  role: 'nurse',
  model: 'Patient',
  recordIds: ['p1'],
  fields: ['familyName'],
  purposeOfUse: 'TREAT',
  reason: null,
  emergency: false,
  changedFields: null,
  alert: false,
  detail: null,
  requestId: null,
};

/** Time of record `index`: 25 records in March 2015, one a day, then 10 in May 2024. */
function agedTime(index: number): Date {
  return index <= 25
    ? new Date(Date.UTC(2015, 2, index, 12))
    : new Date(Date.UTC(2024, 4, index - 25, 12));
}

/** Copies the example project, creates its keyring and writes a SQLite log of 35 records. */
async function projectWithSqliteLog(): Promise<{ root: string; db: string; keyring: Keyring }> {
  const root = await copyExampleSpec();
  const keyringPath = join(root, '.hspec/keyring.json');
  await createKeyringFile(keyringPath);
  const keyring = await Keyring.load(new FileKeyProvider(keyringPath));

  const db = join(root, 'app.db');
  const connection = new Database(db);
  let now = agedTime(1);
  const log = new SqliteAuditLog(connection, { keyring, checkpointEvery: 10, now: () => now });
  log.ensureSchema();
  for (let index = 1; index <= 35; index += 1) {
    now = agedTime(index);
    log.appendSync(entry);
  }
  connection.close();
  return { root, db, keyring };
}

async function projectWithJsonlLog(): Promise<{ root: string; path: string }> {
  const root = await copyExampleSpec();
  const keyringPath = join(root, '.hspec/keyring.json');
  await createKeyringFile(keyringPath);
  const keyring = await Keyring.load(new FileKeyProvider(keyringPath));

  const path = join(root, 'audit.jsonl');
  let now = agedTime(1);
  const log = await JsonlAuditLog.open(path, { keyring, checkpointEvery: 10, now: () => now });
  for (let index = 1; index <= 35; index += 1) {
    now = agedTime(index);
    await log.append(entry);
  }
  await log.close();
  return { root, path };
}

/** Runs SQL on a database file, as someone with write access to it could. */
function runSql(db: string, sql: string): void {
  const connection = new Database(db);
  connection.exec(sql);
  connection.close();
}

describe('hspec audit verify', () => {
  it('reports an intact SQLite log', async () => {
    const { root, db } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'verify', root, '--sqlite', db]);

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ok: 35 records, 3 checkpoints');
    expect(result.exitCode).toBe(0);
  });

  it('names the first broken record and exits 1', async () => {
    const { root, db } = await projectWithSqliteLog();
    runSql(db, `UPDATE hspec_audit_log SET role = 'admin' WHERE sequence = 7`);

    const result = await hspec(['audit', 'verify', root, '--sqlite', db]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^broken at record #7: modified \(record #7 no longer matches its hash\)$/m,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints one JSON document with --json', async () => {
    const { root, db } = await projectWithSqliteLog();
    runSql(db, 'DELETE FROM hspec_audit_log WHERE sequence = 12');

    const result = await hspec(['audit', 'verify', root, '--sqlite', db, '--json']);
    const document = JSON.parse(String(result.stdout)) as Record<string, unknown>;

    expect(result.exitCode).toBe(1);
    expect(document).toMatchObject({
      ok: false,
      firstBroken: { sequence: 12, problem: 'deleted' },
    });
  });

  it('verifies a JSON Lines log', async () => {
    const { root, path } = await projectWithJsonlLog();

    const result = await hspec(['audit', 'verify', root, '--jsonl', path]);

    expect(result.stdout).toBe('ok: 35 records, 3 checkpoints');
    expect(result.exitCode).toBe(0);
  });

  it('another keyring fails the checkpoints', async () => {
    const { root, db } = await projectWithSqliteLog();
    const other = join(root, 'other-keyring.json');
    await createKeyringFile(other);

    const result = await hspec(['audit', 'verify', root, '--sqlite', db, '--keyring', other]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^broken at record #10: bad-checkpoint/m);
  });

  const usageCases = [
    { name: 'neither log option', args: [] },
    { name: 'both log options', args: ['--sqlite', 'a.db', '--jsonl', 'a.jsonl'] },
  ];

  it.each(usageCases)('$name is a usage error', async ({ args }) => {
    const { root } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'verify', root, ...args]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('pass exactly one of --sqlite <file> and --jsonl <file>');
  });

  it('database without an audit log is an error', async () => {
    const { root } = await projectWithSqliteLog();
    const other = join(root, 'other.db');
    runSql(other, 'CREATE TABLE patients (id TEXT)');

    const result = await hspec(['audit', 'verify', root, '--sqlite', other]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('other.db has no hspec_audit_log and hspec_audit_checkpoints tables');
  });

  it('missing log file is an error', async () => {
    const { root } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'verify', root, '--sqlite', join(root, 'absent.db')]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('audit log not found');
  });
});

describe('hspec audit prune', () => {
  it('removes records older than the retention and keeps the log verifiable', async () => {
    const { root, db } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'prune', root, '--sqlite', db, '--before', '2018-01-01']);
    const verified = await hspec(['audit', 'verify', root, '--sqlite', db]);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^pruned .*app\.db: removed 20 records and 1 checkpoint; the log now starts after checkpoint #20/m,
    );
    expect(verified.stdout).toBe('ok: 16 records, 2 checkpoints');
  });

  it('prunes a JSON Lines log', async () => {
    const { root, path } = await projectWithJsonlLog();

    const args = ['audit', 'prune', root, '--jsonl', path, '--before', '2018-01-01', '--json'];

    const result = await hspec(args);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(String(result.stdout))).toMatchObject({
      ok: true,
      anchor: 20,
      removedRecords: 20,
      pruneRecord: 36,
    });
  });

  it('rejects a cut newer than the spec retention', async () => {
    const { root, db } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'prune', root, '--sqlite', db, '--before', '2024-01-01']);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('newer than the retention allows');
    const verified = await hspec(['audit', 'verify', root, '--sqlite', db]);
    expect(verified.stdout).toBe('ok: 35 records, 3 checkpoints');
  });

  it('leaves a broken log alone', async () => {
    const { root, db } = await projectWithSqliteLog();
    runSql(db, `UPDATE hspec_audit_log SET role = 'admin' WHERE sequence = 3`);

    const result = await hspec(['audit', 'prune', root, '--sqlite', db, '--before', '2018-01-01']);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('broken at record #3 (modified); nothing was removed');
  });

  const beforeCases = [
    { name: 'missing --before', args: [] },
    { name: 'a date in another form', args: ['--before', '01/01/2018'] },
    { name: 'an impossible date', args: ['--before', '2018-02-30x'] },
  ];

  it.each(beforeCases)('$name is a usage error', async ({ args }) => {
    const { root, db } = await projectWithSqliteLog();

    const result = await hspec(['audit', 'prune', root, '--sqlite', db, ...args]);

    expect(result.exitCode).toBe(2);
  });
});
