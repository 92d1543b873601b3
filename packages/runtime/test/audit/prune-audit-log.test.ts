import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuditPruneError,
  JsonlAuditLog,
  pruneAuditLog,
  SqliteAuditLog,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditPruneResult,
  type AuditRecord,
  type AuditVerification,
  type PrunableAuditLog,
} from '../../src/index.js';
import { rejected, useTemporaryFolder } from '../keyring-fixture.js';
import { makeEntry, makeKeyring, useDatabases } from './audit-fixture.js';

const temporaryFolder = useTemporaryFolder();
const openDatabase = useDatabases();
const keyring = makeKeyring();
const now = new Date('2025-06-01T00:00:00.000Z');
const sixYears = 2192;

/** The same operations on either sink, so that each pruning case runs against both. */
interface PruneSubject {
  readonly log: PrunableAuditLog;
  append(entry: AuditEntry): Promise<AuditRecord>;
  checkpoint(): Promise<AuditCheckpoint | undefined>;
  records(): Promise<AuditRecord[]>;
  checkpoints(): Promise<AuditCheckpoint[]>;
  verify(): Promise<AuditVerification>;
  /** Changes record #2, as someone with write access to the storage could. */
  tamper(): Promise<void>;
  /** Removes the newest record. */
  removeLast(): Promise<void>;
}

/** Builds a clock whose time the test sets, moving one second per reading. */
function settableClock(): { now: () => Date; set: (time: string) => void } {
  let time = 0;
  return {
    now: () => {
      const current = new Date(time);
      time += 1000;
      return current;
    },
    set: (text) => {
      time = Date.parse(text);
    },
  };
}

const alerts: AuditRecord[] = [];

async function openSqlite(clock: () => Date): Promise<PruneSubject> {
  const db = openDatabase(join(await temporaryFolder(), 'audit.db'));
  const log = new SqliteAuditLog(db, {
    keyring,
    checkpointEvery: 10,
    now: clock,
    alert: (record) => alerts.push(record),
  });
  log.ensureSchema();
  return {
    log,
    append: (entry) => Promise.resolve(log.appendSync(entry)),
    checkpoint: () => Promise.resolve(log.checkpoint()),
    records: () => Promise.resolve([...log.records()]),
    checkpoints: () => Promise.resolve(log.checkpoints()),
    verify: () => Promise.resolve(log.verify()),
    tamper: () => {
      db.prepare(`UPDATE hspec_audit_log SET role = 'admin' WHERE sequence = 2`).run();
      return Promise.resolve();
    },
    removeLast: () => {
      const newest = 'SELECT max(sequence) FROM hspec_audit_log';
      db.prepare(`DELETE FROM hspec_audit_log WHERE sequence = (${newest})`).run();
      return Promise.resolve();
    },
  };
}

async function openJsonl(clock: () => Date): Promise<PruneSubject> {
  const path = join(await temporaryFolder(), 'audit.jsonl');
  const log = await JsonlAuditLog.open(path, {
    keyring,
    checkpointEvery: 10,
    now: clock,
    alert: (record) => alerts.push(record),
  });
  return {
    log,
    append: (entry) => log.append(entry),
    checkpoint: () => log.checkpoint(),
    records: async () => {
      const records: AuditRecord[] = [];
      for await (const record of log.records()) records.push(record);
      return records;
    },
    checkpoints: () => log.checkpoints(),
    verify: () => log.verify(),
    tamper: async () => {
      const text = await readFile(path, 'utf8');
      const lines = text.split('\n');
      lines[1] = (lines[1] ?? '').replace('"nurse"', '"admin"');
      await writeFile(path, lines.join('\n'));
    },
    removeLast: async () => {
      const lines = (await readFile(path, 'utf8')).split('\n').slice(0, -2);
      await writeFile(path, lines.map((line) => `${line}\n`).join(''));
    },
  };
}

/**
 * Writes records 1 to 25 in 2015, one a day, and records 26 to 35 in 2024; checkpoints fall on
 * records 10, 20 and 30.
 */
async function writeAgedLog(
  open: (clock: () => Date) => Promise<PruneSubject>,
): Promise<PruneSubject> {
  const clock = settableClock();
  const subject = await open(clock.now);
  for (let index = 1; index <= 35; index += 1) {
    const day = String(index <= 25 ? index : index - 25).padStart(2, '0');
    clock.set(index <= 25 ? `2015-03-${day}T12:00:00.000Z` : `2024-05-${day}T12:00:00.000Z`);
    await subject.append(makeEntry({ recordIds: [`patient-${index}`] }));
  }
  return subject;
}

/** Prunes records before `before` with six years of retention, as of 2025-06-01. */
function prune(subject: PruneSubject, before: string): Promise<AuditPruneResult> {
  return pruneAuditLog(subject.log, { before: new Date(before), retentionDays: sixYears, now });
}

const sinks = [
  { name: 'SQLite', open: openSqlite },
  { name: 'JSON Lines', open: openJsonl },
];

describe.each(sinks)('pruning a $name log', ({ open }) => {
  it('cuts at the newest checkpoint before the cut and still verifies', async () => {
    const subject = await writeAgedLog(open);

    const result = await prune(subject, '2018-01-01');
    const records = await subject.records();

    expect(result.anchor?.sequence).toBe(20);
    expect(result.removedRecords).toBe(20);
    expect(result.removedCheckpoints).toBe(1);
    expect(records[0]?.sequence).toBe(21);
    expect(records[0]?.previousHash).toBe(result.anchor?.hash);
    const checkpoints = await subject.checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.sequence)).toEqual([20, 30]);
    expect(await subject.verify()).toEqual({ ok: true, records: 16, checkpoints: 2 });
  });

  it('records the pruning in the log itself', async () => {
    const subject = await writeAgedLog(open);
    alerts.length = 0;

    const result = await pruneAuditLog(subject.log, {
      before: new Date('2018-01-01'),
      retentionDays: sixYears,
      now,
      userId: 'ops-1',
    });
    const last = (await subject.records()).at(-1);

    expect(last).toEqual(result.record);
    expect(last).toMatchObject({
      sequence: 36,
      action: 'audit-prune',
      recordIds: ['20'],
      userId: 'ops-1',
      alert: true,
    });
    expect(alerts).toEqual([result.record]);
  });

  it('never removes records newer than the cut', async () => {
    const subject = await writeAgedLog(open);

    await prune(subject, '2019-01-01');
    const kept = await subject.records();

    const reads = kept.filter((record) => record.action === 'read');
    expect(reads.filter((record) => record.recordedAt.startsWith('2024'))).toHaveLength(10);
    expect(kept.every((record) => record.sequence > 20)).toBe(true);
  });

  it('rejects a cut newer than the retention allows', async () => {
    const subject = await writeAgedLog(open);

    const error = await rejected(() =>
      prune(subject, '2020-01-01'),
    );

    expect(error).toBeInstanceOf(AuditPruneError);
    expect((error as Error).message).toContain('newer than the retention allows');
    expect(await subject.records()).toHaveLength(35);
  });

  it('rejects a retention shorter than six years', async () => {
    const subject = await writeAgedLog(open);

    const error = await rejected(() =>
      pruneAuditLog(subject.log, { before: new Date('2016-01-01'), retentionDays: 365, now }),
    );

    expect(error).toMatchObject({ code: 'audit.prune-rejected' });
    expect(await subject.records()).toHaveLength(35);
  });

  it('leaves a broken log alone', async () => {
    const subject = await writeAgedLog(open);
    await subject.tamper();

    const error = await rejected(() =>
      prune(subject, '2018-01-01'),
    );

    expect(error).toBeInstanceOf(AuditPruneError);
    expect((error as Error).message).toContain('record #2 (modified)');
    expect(await subject.records()).toHaveLength(35);
  });

  it('removes nothing when no checkpoint is old enough', async () => {
    const subject = await writeAgedLog(open);

    const result = await prune(subject, '2015-03-08');

    expect(result).toEqual({
      anchor: undefined,
      removedRecords: 0,
      removedCheckpoints: 0,
      record: undefined,
    });
    expect(await subject.records()).toHaveLength(35);
  });

  it('pruning every record leaves the anchor and the pruning record', async () => {
    const subject = await writeAgedLog(open);
    await subject.checkpoint();

    const result = await pruneAuditLog(subject.log, {
      before: new Date('2024-12-31'),
      retentionDays: sixYears,
      now: new Date('2031-06-01'),
    });

    expect(result.anchor?.sequence).toBe(35);
    expect((await subject.records()).map((record) => record.sequence)).toEqual([36]);
    expect(await subject.verify()).toEqual({ ok: true, records: 1, checkpoints: 1 });
  });

  it('pruning twice keeps the chain verifiable', async () => {
    const subject = await writeAgedLog(open);

    await prune(subject, '2015-03-15');
    await prune(subject, '2018-01-01');

    expect((await subject.records())[0]?.sequence).toBe(21);
    expect(await subject.verify()).toMatchObject({ ok: true, records: 17 });
  });

  it('removing the pruning record is reported', async () => {
    const subject = await writeAgedLog(open);
    await prune(subject, '2018-01-01');

    await subject.removeLast();
    const result = await subject.verify();

    expect(result.firstBroken).toMatchObject({ sequence: 20, problem: 'deleted' });
  });
});
