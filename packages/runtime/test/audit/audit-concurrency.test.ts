import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createKeyringFile,
  FileKeyProvider,
  JsonlAuditLog,
  Keyring,
  SqliteAuditLog,
  type AuditRecord,
} from '../../src/index.js';
import { useTemporaryFolder } from '../keyring-fixture.js';
import { makeEntry, makeKeyring, useDatabases } from './audit-fixture.js';

const temporaryFolder = useTemporaryFolder();
const openDatabase = useDatabases();
const run = promisify(execFile);
const childScript = fileURLToPath(new URL('./append-child.mjs', import.meta.url));

function expectOneChain(records: readonly AuditRecord[], count: number): void {
  expect(records.map((record) => record.sequence)).toEqual(
    Array.from({ length: count }, (_, index) => index + 1),
  );
  records.forEach((record, index) => {
    if (index > 0) {
      expect(record.previousHash).toBe(records[index - 1]?.hash);
    }
  });
}

/** Counts how often the writer changes from one record to the next. */
function countWriterChanges(records: readonly AuditRecord[]): number {
  const changes = records.filter(
    (record, index) => index > 0 && record.userId !== records[index - 1]?.userId,
  );
  return changes.length;
}

async function runChildren(
  kind: 'sqlite' | 'jsonl',
  path: string,
  keyringPath: string,
  children: number,
  count: number,
): Promise<void> {
  const startAt = String(Date.now() + 1500);
  await Promise.all(
    Array.from({ length: children }, (_, index) =>
      run(process.execPath, [
        childScript,
        kind,
        path,
        keyringPath,
        String(count),
        `writer-${index}`,
        startAt,
      ]),
    ),
  );
}

describe('SQLite audit log with concurrent writers', () => {
  it('interleaved connections build one unbroken chain', async () => {
    const path = join(await temporaryFolder(), 'audit.db');
    const keyring = makeKeyring();
    const logs = Array.from(
      { length: 4 },
      () => new SqliteAuditLog(openDatabase(path), { keyring, checkpointEvery: 5 }),
    );
    logs[0]?.ensureSchema();

    for (let round = 0; round < 30; round += 1) {
      for (const [index, log] of logs.entries()) {
        log.appendSync(makeEntry({ userId: `writer-${index}` }));
      }
    }
    const records = [...(logs[0] as SqliteAuditLog).records()];

    expectOneChain(records, 120);
    expect(logs[3]?.verify()).toEqual({ ok: true, records: 120, checkpoints: 24 });
  });

  it('child processes build one unbroken chain', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'audit.db');
    const keyringPath = join(folder, 'keyring.json');
    await createKeyringFile(keyringPath);
    const keyring = await Keyring.load(new FileKeyProvider(keyringPath));
    const log = new SqliteAuditLog(openDatabase(path), { keyring });
    log.ensureSchema();

    await runChildren('sqlite', path, keyringPath, 3, 40);
    const records = [...log.records()];

    expectOneChain(records, 120);
    expect(countWriterChanges(records)).toBeGreaterThan(2);
    expect(log.verify()).toMatchObject({ ok: true, records: 120 });
  });
});

describe('JSON Lines audit log with concurrent writers', () => {
  it('concurrent appends in one process build one unbroken chain', async () => {
    const path = join(await temporaryFolder(), 'audit.jsonl');
    const log = await JsonlAuditLog.open(path, { keyring: makeKeyring(), checkpointEvery: 10 });

    const appended = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        log.append(makeEntry({ requestId: `req-${index}` })),
      ),
    );
    const records: AuditRecord[] = [];
    for await (const record of log.records()) records.push(record);

    expectOneChain(records, 60);
    const appendedSequences = appended.map((record) => record.sequence).sort((a, b) => a - b);
    expect(appendedSequences).toEqual(records.map((record) => record.sequence));
    expect(await log.verify()).toEqual({ ok: true, records: 60, checkpoints: 6 });
  });

  it('two logs on one file in one process take turns', async () => {
    const path = join(await temporaryFolder(), 'audit.jsonl');
    const keyring = makeKeyring();
    const first = await JsonlAuditLog.open(path, { keyring });
    const second = await JsonlAuditLog.open(path, { keyring });

    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).append(makeEntry()),
      ),
    );

    expect(await first.verify()).toEqual({ ok: true, records: 20, checkpoints: 0 });
  });

  it('two processes build one unbroken chain', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'audit.jsonl');
    const keyringPath = join(folder, 'keyring.json');
    await createKeyringFile(keyringPath);
    const keyring = await Keyring.load(new FileKeyProvider(keyringPath));

    await runChildren('jsonl', path, keyringPath, 2, 40);
    const log = await JsonlAuditLog.open(path, { keyring });
    const records: AuditRecord[] = [];
    for await (const record of log.records()) records.push(record);

    expectOneChain(records, 80);
    expect(countWriterChanges(records)).toBeGreaterThan(1);
    expect(await log.verify()).toMatchObject({ ok: true, records: 80, checkpoints: 11 });
  });
});
