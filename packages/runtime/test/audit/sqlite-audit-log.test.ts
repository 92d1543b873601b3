import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AuditAlertError,
  AuditEntryError,
  AuditLogError,
  hashAuditRecord,
  KeyringError,
  SqliteAuditLog,
  type AuditRecord,
} from '../../src/index.js';
import { rejected, useTemporaryFolder } from '../keyring-fixture.js';
import {
  makeEntry,
  makeKeyring,
  openSqliteLog,
  steppingClock,
  useDatabases,
} from './audit-fixture.js';

const temporaryFolder = useTemporaryFolder();
const openDatabase = useDatabases();
const keyring = makeKeyring();

/** Opens a log of `count` records with a checkpoint every 10 records. */
async function writeLog(count: number): Promise<{ db: Database.Database; log: SqliteAuditLog }> {
  const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), {
    keyring,
    checkpointEvery: 10,
    now: steppingClock(),
  });
  for (let index = 0; index < count; index += 1) {
    log.appendSync(makeEntry({ recordIds: [`patient-${index}`] }));
  }
  return { db, log };
}

/** Overwrites a row with a forged record that has a valid hash of its own. */
function writeForgedRow(db: Database.Database, record: Omit<AuditRecord, 'hash'>): void {
  const forged: AuditRecord = { ...record, hash: hashAuditRecord(record) };
  db.prepare('DELETE FROM hspec_audit_log WHERE sequence = ?').run(forged.sequence);
  db.prepare(`INSERT INTO hspec_audit_log VALUES (${new Array(20).fill('?').join(', ')})`).run(
    forged.sequence,
    forged.id,
    forged.recordedAt,
    forged.event,
    forged.action,
    forged.outcome,
    forged.userId,
    forged.role,
    forged.model,
    JSON.stringify(forged.recordIds),
    JSON.stringify(forged.fields),
    forged.purposeOfUse,
    forged.reason,
    forged.emergency ? 1 : 0,
    forged.changedFields === null ? null : JSON.stringify(forged.changedFields),
    forged.alert ? 1 : 0,
    forged.detail,
    forged.requestId,
    forged.previousHash,
    forged.hash,
  );
}

/** Runs one SQL statement, as someone with write access to the database file could. */
function run(db: Database.Database, sql: string): void {
  db.prepare(sql).run();
}

function recordAt(log: SqliteAuditLog, sequence: number): AuditRecord {
  const record = [...log.records(sequence)][0];
  if (record === undefined) {
    throw new Error(`no record #${sequence}`);
  }
  return record;
}

/** Rewrites records `from` to the end with valid hashes, as someone without the audit key could. */
function rewriteChainFrom(db: Database.Database, log: SqliteAuditLog, from: number): void {
  const records = [...log.records(from)];
  let previousHash = recordAt(log, from - 1).hash;
  for (const { hash, ...record } of records) {
    const role = record.sequence === from ? 'admin' : record.role;
    const changed = { ...record, previousHash, role };
    writeForgedRow(db, changed);
    previousHash = hashAuditRecord(changed);
  }
}

interface TamperCase {
  readonly name: string;
  readonly tamper: (db: Database.Database, log: SqliteAuditLog) => void;
  readonly sequence: number;
  readonly problem: string;
}

const tamperCases: readonly TamperCase[] = [
  {
    name: 'changed role',
    tamper: (db) => run(db, `UPDATE hspec_audit_log SET role = 'doctor' WHERE sequence = 7`),
    sequence: 7,
    problem: 'modified',
  },
  {
    name: 'changed field list',
    tamper: (db) => run(db, `UPDATE hspec_audit_log SET fields = '["ssn"]' WHERE sequence = 12`),
    sequence: 12,
    problem: 'modified',
  },
  {
    name: 'changed emergency flag',
    tamper: (db) => db.prepare('UPDATE hspec_audit_log SET emergency = 1 WHERE sequence = 3').run(),
    sequence: 3,
    problem: 'modified',
  },
  {
    name: 'boolean column set to 2',
    tamper: (db) => db.prepare('UPDATE hspec_audit_log SET alert = 2 WHERE sequence = 4').run(),
    sequence: 4,
    problem: 'modified',
  },
  {
    name: 'changed timestamp',
    tamper: (db) =>
      run(db, `UPDATE hspec_audit_log SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE sequence = 2`),
    sequence: 2,
    problem: 'modified',
  },
  {
    name: 'changed previous hash',
    tamper: (db) =>
      run(db, `UPDATE hspec_audit_log SET previous_hash = '${'f'.repeat(64)}' WHERE sequence = 5`),
    sequence: 5,
    problem: 'modified',
  },
  {
    name: 'changed and rehashed record',
    tamper: (db, log) => {
      const { hash, ...record } = recordAt(log, 7);
      writeForgedRow(db, { ...record, role: 'admin' });
    },
    sequence: 7,
    problem: 'modified',
  },
  {
    name: 'chain rewritten before a checkpoint',
    tamper: (db, log) => rewriteChainFrom(db, log, 5),
    sequence: 10,
    problem: 'modified',
  },
  {
    name: 'deleted record',
    tamper: (db) => db.prepare('DELETE FROM hspec_audit_log WHERE sequence = 9').run(),
    sequence: 9,
    problem: 'deleted',
  },
  {
    name: 'deleted run of records',
    tamper: (db) => db.prepare('DELETE FROM hspec_audit_log WHERE sequence BETWEEN 9 AND 11').run(),
    sequence: 9,
    problem: 'deleted',
  },
  {
    name: 'deleted first records',
    tamper: (db) => db.prepare('DELETE FROM hspec_audit_log WHERE sequence <= 3').run(),
    sequence: 1,
    problem: 'deleted',
  },
  {
    name: 'deleted record and the rest renumbered',
    tamper: (db) => {
      db.prepare('DELETE FROM hspec_audit_log WHERE sequence = 9').run();
      db.prepare('UPDATE hspec_audit_log SET sequence = sequence - 1 WHERE sequence > 9').run();
    },
    sequence: 9,
    problem: 'deleted',
  },
  {
    name: 'records deleted up to a checkpoint without pruning',
    tamper: (db) => db.prepare('DELETE FROM hspec_audit_log WHERE sequence <= 10').run(),
    sequence: 10,
    problem: 'deleted',
  },
  {
    name: 'forged record inserted and the rest renumbered',
    tamper: (db, log) => {
      const { hash, ...fifth } = recordAt(log, 5);
      db.prepare('UPDATE hspec_audit_log SET sequence = -sequence - 1 WHERE sequence >= 5').run();
      db.prepare('UPDATE hspec_audit_log SET sequence = -sequence WHERE sequence < 0').run();
      writeForgedRow(db, { ...fifth, id: 'forged', userId: 'intruder' });
    },
    sequence: 5,
    problem: 'inserted',
  },
  {
    name: 'two records swapped',
    tamper: (db) => {
      db.prepare('UPDATE hspec_audit_log SET sequence = -6 WHERE sequence = 6').run();
      db.prepare('UPDATE hspec_audit_log SET sequence = 6 WHERE sequence = 7').run();
      db.prepare('UPDATE hspec_audit_log SET sequence = 7 WHERE sequence = -6').run();
    },
    sequence: 6,
    problem: 'reordered',
  },
  {
    name: 'log cut before the last checkpoint',
    tamper: (db) => db.prepare('DELETE FROM hspec_audit_log WHERE sequence > 15').run(),
    sequence: 16,
    problem: 'truncated',
  },
  {
    name: 'log cut and written again past the last checkpoint',
    tamper: (db, log) => {
      db.prepare('DELETE FROM hspec_audit_log WHERE sequence > 15').run();
      for (let index = 0; index < 10; index += 1) {
        log.appendSync(makeEntry({ userId: 'intruder' }));
      }
    },
    sequence: 20,
    problem: 'truncated',
  },
  {
    name: 'forged checkpoint signature',
    tamper: (db) =>
      run(db, `UPDATE hspec_audit_checkpoints SET signature = '${'0'.repeat(64)}' WHERE sequence = 20`),
    sequence: 20,
    problem: 'bad-checkpoint',
  },
  {
    name: 'checkpoint moved to another record',
    tamper: (db) => run(db, 'UPDATE hspec_audit_checkpoints SET sequence = 11 WHERE sequence = 10'),
    sequence: 11,
    problem: 'bad-checkpoint',
  },
];

describe('SqliteAuditLog verification', () => {
  it('intact log verifies', async () => {
    const { log } = await writeLog(25);

    expect(log.verify()).toEqual({ ok: true, records: 25, checkpoints: 2 });
  });

  it('empty log verifies', async () => {
    const { log } = await writeLog(0);

    expect(log.verify()).toEqual({ ok: true, records: 0, checkpoints: 0 });
  });

  it.each(tamperCases)('$name is found at the right record', async (tamperCase) => {
    const { db, log } = await writeLog(25);

    tamperCase.tamper(db, log);
    const result = log.verify();

    expect(result.ok).toBe(false);
    expect(result.firstBroken?.problem).toBe(tamperCase.problem);
    expect(result.firstBroken?.sequence).toBe(tamperCase.sequence);
  });

  it('messages name sequence numbers and no contents', async () => {
    const { db, log } = await writeLog(25);
    run(db, `UPDATE hspec_audit_log SET reason = 'Jane Roe 123-45-6789' WHERE sequence = 7`);

    const message = log.verify().firstBroken?.message ?? '';

    expect(message).toContain('#7');
    expect(message).not.toContain('Jane');
    expect(message).not.toContain('123-45-6789');
  });

  it('wrong audit key fails checkpoint verification', async () => {
    const { db } = await writeLog(25);
    const other = new SqliteAuditLog(db, { keyring: makeKeyring() });

    const result = other.verify();

    expect(result.firstBroken).toMatchObject({ sequence: 10, problem: 'bad-checkpoint' });
    expect(result.firstBroken?.message).toContain('invalid signature');
  });

  it('audit key with another id fails checkpoint verification', async () => {
    const { db } = await writeLog(25);
    const other = new SqliteAuditLog(db, { keyring: makeKeyring({ auditKeyId: 'a2' }) });

    const result = other.verify();

    expect(result.firstBroken).toMatchObject({ sequence: 10, problem: 'bad-checkpoint' });
    expect(result.firstBroken?.message).toContain('"a1"');
  });

  it('record forged after the last checkpoint goes unnoticed', async () => {
    // A documented limit: without the audit key, the tail after the last checkpoint is only as
    // strong as the hash chain, which anyone who can write the table can extend.
    const { db, log } = await writeLog(25);
    const { hash, ...last } = recordAt(log, 25);
    writeForgedRow(db, { ...last, sequence: 26, id: 'forged', previousHash: hash });

    expect(log.verify()).toMatchObject({ ok: true, records: 26 });
  });

  it('checkpoint made on demand covers the newest record', async () => {
    const { log } = await writeLog(13);

    const checkpoint = log.checkpoint();

    expect(checkpoint?.sequence).toBe(13);
    expect(checkpoint?.hash).toBe(recordAt(log, 13).hash);
    expect(log.checkpoint()).toEqual(checkpoint);
    expect(log.verify()).toEqual({ ok: true, records: 13, checkpoints: 2 });
  });

  it('empty log has no checkpoint to make', async () => {
    const { log } = await writeLog(0);

    expect(log.checkpoint()).toBeUndefined();
  });
});

describe('SqliteAuditLog storage', () => {
  it('log verifies after close and reopen', async () => {
    const folder = await temporaryFolder();
    const first = openSqliteLog(openDatabase, folder, { keyring, checkpointEvery: 4 });
    for (let index = 0; index < 6; index += 1) first.log.appendSync(makeEntry());
    first.db.close();

    const second = openSqliteLog(openDatabase, folder, { keyring, checkpointEvery: 4 });
    const next = second.log.appendSync(makeEntry());

    expect(next.sequence).toBe(7);
    expect(next.previousHash).toBe(recordAt(second.log, 6).hash);
    expect(second.log.verify()).toEqual({ ok: true, records: 7, checkpoints: 1 });
  });

  it('first record links to 64 zeros', async () => {
    const { log } = await writeLog(1);

    expect(recordAt(log, 1)).toMatchObject({ sequence: 1, previousHash: '0'.repeat(64) });
  });

  it('records read back as they were appended', async () => {
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });
    const appended = [
      log.appendSync(makeEntry()),
      log.appendSync(makeEntry({ action: 'update', changedFields: ['familyName', 'phone'] })),
      log.appendSync(
        makeEntry({ userId: null, role: null, model: null, recordIds: [], fields: [] }),
      ),
    ];

    expect([...log.records()]).toEqual(appended);
    expect(db.prepare('SELECT count(*) FROM hspec_audit_log').pluck().get()).toBe(3);
  });

  it('table has one column per record field', async () => {
    const { db } = await writeLog(1);

    const tableInfo = db.prepare('SELECT name FROM pragma_table_info(?)').pluck();
    const columns = tableInfo.all('hspec_audit_log');

    expect(columns).toEqual([
      'sequence',
      'id',
      'recorded_at',
      'event',
      'action',
      'outcome',
      'user_id',
      'role',
      'model',
      'record_ids',
      'fields',
      'purpose_of_use',
      'reason',
      'emergency',
      'changed_fields',
      'alert',
      'detail',
      'request_id',
      'previous_hash',
      'hash',
    ]);
  });

  it('record commits and rolls back with the data it describes', async () => {
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });
    db.exec('CREATE TABLE patients (id TEXT PRIMARY KEY, family_name TEXT)');

    const update = db.transaction(() => {
      db.prepare(`INSERT INTO patients VALUES ('p1', 'Roe')`).run();
      log.appendSync(makeEntry({ action: 'create', recordIds: ['p1'] }));
      throw new Error('the write fails after the audit record');
    });

    expect(() => update.immediate()).toThrow('the write fails');
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
    expect(log.verify()).toEqual({ ok: true, records: 0, checkpoints: 0 });
  });

  it('append inside a transaction is rejected', async () => {
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });
    db.exec('BEGIN IMMEDIATE');

    const error = await rejected(() => log.append(makeEntry()));
    db.exec('ROLLBACK');

    expect(error).toBeInstanceOf(AuditLogError);
    expect(error).toMatchObject({ code: 'audit.in-transaction' });
  });

  it('append resolves with the committed record', async () => {
    const { log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });

    const record = await log.append(makeEntry());

    expect(recordAt(log, 1)).toEqual(record);
  });

  it('keyring without an audit key is rejected at once', async () => {
    const db = openDatabase(join(await temporaryFolder(), 'audit.db'));

    expect(() => new SqliteAuditLog(db, { keyring: makeKeyring({ auditKey: null }) })).toThrow(
      KeyringError,
    );
  });

  it('missing schema names the fix', async () => {
    const db = openDatabase(join(await temporaryFolder(), 'audit.db'));
    const log = new SqliteAuditLog(db, { keyring });

    expect(() => log.appendSync(makeEntry())).toThrow(/ensureSchema/);
  });
});

describe('SqliteAuditLog entries', () => {
  it('entry with a field value is rejected', async () => {
    const { log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });
    const entry = { ...makeEntry(), ssn: '123-45-6789' };

    const error = (() => {
      try {
        log.appendSync(entry);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(AuditEntryError);
    expect((error as AuditEntryError).message).toContain('"ssn"');
    expect((error as AuditEntryError).message).not.toContain('123-45-6789');
    expect(log.verify().records).toBe(0);
  });

  it('value in the field list is rejected without echoing it', async () => {
    const { log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });

    expect(() => log.appendSync(makeEntry({ fields: ['ssn', '123-45-6789'] }))).toThrow(
      /fields\[1\]: expected a field name/,
    );
    expect(() => log.appendSync(makeEntry({ fields: ['ssn', '123-45-6789'] }))).not.toThrow(
      /123-45-6789/,
    );
  });

  it('stored rows contain names, never the values written beside them', async () => {
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), { keyring });
    db.exec('CREATE TABLE patients (id TEXT PRIMARY KEY, family_name TEXT, ssn TEXT)');

    db.transaction(() => {
      db.prepare(`INSERT INTO patients VALUES ('p1', 'Roe', '123-45-6789')`).run();
      const fields = ['familyName', 'ssn'];
      log.appendSync(makeEntry({ action: 'create', recordIds: ['p1'], fields }));
      db.prepare(`UPDATE patients SET family_name = 'Doe' WHERE id = 'p1'`).run();
      const changedFields = ['familyName'];
      log.appendSync(makeEntry({ action: 'update', recordIds: ['p1'], changedFields }));
    }).immediate();
    const stored = JSON.stringify(db.prepare('SELECT * FROM hspec_audit_log').all());

    expect(stored).toContain('familyName');
    for (const value of ['Roe', 'Doe', '123-45-6789']) {
      expect(stored).not.toContain(value);
    }
  });
});

describe('SqliteAuditLog alerts', () => {
  const alerting = makeEntry({
    purposeOfUse: 'BTG',
    reason: 'unconscious patient',
    emergency: true,
    alert: true,
  });

  it('alert fires after the record is committed', async () => {
    const folder = await temporaryFolder();
    const seen: number[] = [];
    const reader = () => openDatabase(join(folder, 'audit.db'));
    const { log } = openSqliteLog(openDatabase, folder, {
      keyring,
      alert: (record) => {
        seen.push(reader().prepare('SELECT count(*) FROM hspec_audit_log').pluck().get() as number);
        seen.push(record.sequence);
      },
    });

    log.appendSync(makeEntry());
    log.appendSync(alerting);

    expect(seen).toEqual([2, 2]);
  });

  it('alert inside a transaction waits for flushAlerts after commit', async () => {
    const seen: AuditRecord[] = [];
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), {
      keyring,
      alert: (record) => seen.push(record),
    });

    const record = db.transaction(() => log.appendSync(alerting)).immediate();
    const before = seen.length;
    log.flushAlerts();

    expect(before).toBe(0);
    expect(seen).toEqual([record]);
  });

  it('alert of a rolled-back record never fires', async () => {
    const seen: AuditRecord[] = [];
    const { db, log } = openSqliteLog(openDatabase, await temporaryFolder(), {
      keyring,
      alert: (record) => seen.push(record),
    });

    expect(() =>
      db.transaction(() => {
        log.appendSync(alerting);
        throw new Error('rolled back');
      }).immediate(),
    ).toThrow('rolled back');
    log.flushAlerts();

    expect(seen).toEqual([]);
  });

  it('failing hook leaves the record committed', async () => {
    const { log } = openSqliteLog(openDatabase, await temporaryFolder(), {
      keyring,
      alert: () => {
        throw new Error('pager is down');
      },
    });

    expect(() => log.appendSync(alerting)).toThrow(AuditAlertError);
    expect(log.verify().records).toBe(1);
  });
});
