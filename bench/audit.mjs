// Audit log cost: SqliteAuditLog.verify() on a 100,000-record log against plain SHA-256 over the
// same canonical bytes, and appendSync with one durable transaction per record against a plain
// INSERT of the same row. Both pairs run in the same process, alternating. Run `pnpm build`
// first. This module prints nothing and returns its results from `run()`.
import { randomBytes, randomUUID } from 'node:crypto';
import * as crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeAuditRecord, Keyring, SqliteAuditLog } from '../packages/runtime/dist/index.js';

const verifyRecords = 100_000;
const verifyRounds = 5;
const appendRounds = 5;
const appendsPerRound = 300;
const mmapBytes = 1 << 30;

/** Measures verification and append throughput and returns one result for each. */
export default async function run() {
  const folder = await mkdtemp(join(tmpdir(), 'hspec-bench-audit-'));
  try {
    return [await measureVerify(folder), await measureAppend(folder)];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function measureVerify(folder) {
  const db = openDatabase(join(folder, 'verify.db'));
  // As `hspec audit verify` does: mapping the file saves a copy of each page on a full scan.
  db.pragma(`mmap_size = ${mmapBytes}`);
  const log = new SqliteAuditLog(db, { keyring: makeKeyring() });
  log.ensureSchema();
  fillLog(db, log, verifyRecords);

  // The baseline hashes the very bytes that verification hashes, already encoded, one
  // SHA-256 per record, with the fastest call Node offers for short inputs.
  const canonical = [...log.records()].map(({ hash, ...record }) =>
    Buffer.from(encodeAuditRecord(record)),
  );
  const sha256 =
    typeof crypto.hash === 'function'
      ? (bytes) => crypto.hash('sha256', bytes, 'hex')
      : (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
  const verify = () => {
    const result = log.verify();
    if (!result.ok || result.records !== verifyRecords) {
      throw new Error(`benchmark setup is wrong: the log did not verify (${JSON.stringify(result)})`);
    }
  };
  const plain = () => {
    for (const bytes of canonical) sha256(bytes);
  };

  const timing = alternate(verify, plain, verifyRounds);
  db.close();
  const hspecRate = Math.round((verifyRecords * 1e9) / timing.candidateNanoseconds);
  const plainRate = Math.round((verifyRecords * 1e9) / timing.baselineNanoseconds);
  return {
    name: `SqliteAuditLog.verify(), ${verifyRecords.toLocaleString('en-US')} records`,
    value: hspecRate,
    unit: 'records/s',
    baseline: { name: 'plain SHA-256 over the same canonical bytes', value: plainRate },
    ratio: Number((hspecRate / plainRate).toFixed(3)),
    ratioLabel: 'hspec / plain, higher is better',
    target: '>= 0.33',
    detail: 'file database, WAL, mmap_size 1 GiB; both use crypto.hash',
  };
}

async function measureAppend(folder) {
  const db = openDatabase(join(folder, 'append.db'));
  const log = new SqliteAuditLog(db, { keyring: makeKeyring() });
  log.ensureSchema();
  db.exec(`CREATE TABLE plain_log AS SELECT * FROM hspec_audit_log WHERE 0`);
  const placeholders = new Array(20).fill('?').join(', ');
  const plainInsert = db.prepare(`INSERT INTO plain_log VALUES (${placeholders})`);
  const entries = makeEntries(appendsPerRound);
  let plainSequence = 0;

  const append = () => {
    for (const entry of entries) log.appendSync(entry);
  };
  const plain = () => {
    for (const entry of entries) {
      plainSequence += 1;
      const row = plainRow(entry, plainSequence);
      db.transaction(() => plainInsert.run(...row)).immediate();
    }
  };

  const timing = alternate(append, plain, appendRounds);
  db.close();
  const hspecRate = Math.round((appendsPerRound * 1e9) / timing.candidateNanoseconds);
  const plainRate = Math.round((appendsPerRound * 1e9) / timing.baselineNanoseconds);
  return {
    name: 'SqliteAuditLog.appendSync(), one transaction per record',
    value: hspecRate,
    unit: 'records/s',
    baseline: { name: 'plain INSERT of the same row, one transaction per row', value: plainRate },
    ratio: Number((hspecRate / plainRate).toFixed(3)),
    ratioLabel: 'hspec / plain, higher is better',
    detail: 'file database, WAL, synchronous = FULL',
  };
}

function openDatabase(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** Appends `count` records in batches of 1,000 per transaction, which the setup does not time. */
function fillLog(db, log, count) {
  const entries = makeEntries(1000);
  for (let done = 0; done < count; done += entries.length) {
    db.transaction(() => {
      for (const entry of entries) log.appendSync(entry);
    }).immediate();
  }
}

/** Builds realistic entries: reads of several fields, updates with changed fields, break-glass. */
function makeEntries(count) {
  const fields = ['birthDate', 'familyName', 'givenName', 'mrn', 'phone', 'postalCode', 'sex'];
  return Array.from({ length: count }, (_, index) => {
    const update = index % 5 === 0;
    const emergency = index % 97 === 0;
    return {
      event: update ? 'phi.change' : 'phi.read',
      action: update ? 'update' : 'read',
      outcome: index % 41 === 0 ? 'denied' : 'success',
      userId: `user-${index % 50}`,
      role: emergency ? 'physician' : 'nurse',
      model: 'Patient',
      recordIds: [randomUUID()],
      fields: fields.slice(0, 3 + (index % 5)),
      purposeOfUse: emergency ? 'BTG' : 'TREAT',
      reason: emergency ? 'unconscious patient in the emergency department' : null,
      emergency,
      changedFields: update ? ['familyName', 'phone'] : null,
      alert: emergency,
      detail: index % 41 === 0 ? 'out-of-scope' : null,
      requestId: randomUUID(),
    };
  });
}

function plainRow(entry, sequence) {
  return [
    sequence,
    randomUUID(),
    new Date().toISOString(),
    entry.event,
    entry.action,
    entry.outcome,
    entry.userId,
    entry.role,
    entry.model,
    JSON.stringify(entry.recordIds),
    JSON.stringify(entry.fields),
    entry.purposeOfUse,
    entry.reason,
    entry.emergency ? 1 : 0,
    entry.changedFields === null ? null : JSON.stringify(entry.changedFields),
    entry.alert ? 1 : 0,
    entry.detail,
    entry.requestId,
    '0'.repeat(64),
    '0'.repeat(64),
  ];
}

function makeKeyring() {
  const key = (id) => ({ id, key: randomBytes(32), createdAt: undefined });
  return Keyring.from({
    activeKeyId: 'k-bench',
    keys: [key('k-bench')],
    blindIndexKey: key('b-bench'),
    auditKey: key('a-bench'),
  });
}

/**
 * Runs both functions in alternating rounds after one warm-up call each, so that CPU frequency
 * changes and other load hit both alike, and returns the median time of a call of each.
 */
function alternate(candidate, baseline, rounds) {
  candidate();
  baseline();
  const candidateSamples = [];
  const baselineSamples = [];
  for (let round = 0; round < rounds; round += 1) {
    candidateSamples.push(time(candidate));
    baselineSamples.push(time(baseline));
  }
  return {
    candidateNanoseconds: median(candidateSamples),
    baselineNanoseconds: median(baselineSamples),
  };
}

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start);
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
