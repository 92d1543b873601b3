// Repository insert cost, measured in one process. A generated PatientRepository.insert (policy
// check, field checks, AES-256-GCM encryption, blind indexes, one audit record, one transaction)
// runs against the same work written by hand with better-sqlite3 and node:crypto, with a plain
// insert beside them. The repository runs twice: with SqliteAuditLog, whose records are
// hash-chained and checkpointed, and with an audit table that runs the same single INSERT as the
// hand-written code, which isolates what the repository itself adds. Run `pnpm build` first.
// This module prints nothing and returns its results from `run()`.
import { createCipheriv, createHmac, createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import Database from 'better-sqlite3';
import ts from 'typescript';

import { generateFiles, loadProject } from '../packages/generators/dist/index.js';
import { FieldCipher, Keyring, SqliteAuditLog } from '../packages/runtime/dist/index.js';

const warmUpMilliseconds = 300;
const roundMilliseconds = 200;
const rounds = 9;
const target = '<= 1.3x';
const exampleProject = new URL('../examples/telehealth/', import.meta.url).pathname;
const outFolder = new URL('./.out/repository/', import.meta.url).pathname;
const runtimeEntry = new URL('../packages/runtime/dist/index.js', import.meta.url).pathname;

const clinicId = '0b6f7a3e-5d1c-4f4a-9a51-2f1f3f0c9e11';
const request = {
  subject: { userId: 'clinician-1', role: 'clinician', organizationId: clinicId },
  purposeOfUse: 'TREAT',
};

/** Measures the generated repository insert against hand-written and plain inserts. */
export default async function run() {
  const loaded = await loadProject(exampleProject);
  if (!loaded.ok) {
    throw new Error(`benchmark setup is wrong: ${exampleProject} does not load`);
  }
  const files = generateFiles(loaded.ir);
  const schema = files.find((file) => file.path === 'schema.sql')?.contents ?? '';
  const generated = writeCompiled(files);
  const { PatientRepository } = await import(
    pathToFileURL(join(generated, 'repositories/index.js')).href
  );

  const keyBytes = randomBytes(32);
  const blindIndexBytes = randomBytes(32);
  const keyring = Keyring.from({
    activeKeyId: 'k-bench',
    keys: [{ id: 'k-bench', key: keyBytes, createdAt: undefined }],
    blindIndexKey: { id: 'b-bench', key: blindIndexBytes, createdAt: undefined },
    auditKey: { id: 'a-bench', key: randomBytes(32), createdAt: undefined },
  });
  const cipher = new FieldCipher(keyring);

  const folder = mkdtempSync(join(tmpdir(), 'hspec-bench-repository-'));
  try {
    const chainedDatabase = openDatabase(join(folder, 'chained.db'), schema);
    const tableDatabase = openDatabase(join(folder, 'table.db'), schema);
    const handDatabase = openDatabase(join(folder, 'hand.db'), schema);
    const plainDatabase = openDatabase(join(folder, 'plain.db'), plainSchema);

    const chainedLog = new SqliteAuditLog(chainedDatabase, { keyring });
    chainedLog.ensureSchema();
    const chained = new PatientRepository({
      database: chainedDatabase,
      cipher,
      auditLog: chainedLog,
    });
    const table = new PatientRepository({
      database: tableDatabase,
      cipher,
      auditLog: new AuditTable(tableDatabase),
    });
    const handWritten = handWrittenInsert(handDatabase, keyBytes, blindIndexBytes);
    const plain = plainInsert(plainDatabase);

    let counter = 0;
    const withChainedLog = () => chained.insert(request, patient((counter += 1)));
    const withAuditTable = () => table.insert(request, patient((counter += 1)));
    const byHand = () => handWritten(patient((counter += 1)));
    const withoutProtection = () => plain(patient((counter += 1)));
    checkSetup([
      ['repository with SqliteAuditLog', chainedDatabase, 'hspec_audit_log', withChainedLog],
      ['repository with an audit table', tableDatabase, 'audit_log', withAuditTable],
      ['hand-written', handDatabase, 'audit_log', byHand],
    ]);

    const timing = compare([withChainedLog, withAuditTable, byHand, withoutProtection]);
    const [chainedNanoseconds, tableNanoseconds, handNanoseconds, plainNanoseconds] = timing;
    const journal = 'SQLite file, WAL, synchronous=NORMAL, foreign keys on';
    const handBaseline = {
      name: 'hand-written better-sqlite3 + AES-256-GCM + audit row',
      value: Math.round(1e9 / handNanoseconds),
    };
    return [
      {
        name: 'PatientRepository.insert with SqliteAuditLog (hash-chained record)',
        value: Math.round(1e9 / chainedNanoseconds),
        unit: 'inserts/s',
        baseline: handBaseline,
        ratio: Number((chainedNanoseconds / handNanoseconds).toFixed(3)),
        target,
        detail: `${journal}; one transaction per insert; the baseline's audit row is not chained`,
      },
      {
        name: 'PatientRepository.insert with the same audit INSERT as the baseline',
        value: Math.round(1e9 / tableNanoseconds),
        unit: 'inserts/s',
        baseline: handBaseline,
        ratio: Number((tableNanoseconds / handNanoseconds).toFixed(3)),
        detail: `${journal}; what the repository adds on top of equal SQL and crypto work`,
      },
      {
        name: 'plain insert of the same patient, no encryption, no audit',
        value: Math.round(1e9 / plainNanoseconds),
        unit: 'inserts/s',
        detail: `${journal}; shows the cost of encryption and audit together`,
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Writes the generated code as JavaScript under bench/.out/repository, compiling each module
 * with TypeScript's transpileModule and pointing `@hspec/runtime` at the built runtime.
 */
function writeCompiled(files) {
  rmSync(outFolder, { recursive: true, force: true });
  for (const file of files.filter((each) => each.path.endsWith('.ts'))) {
    const target = join(outFolder, file.path.replace(/\.ts$/, '.js'));
    const runtime = relative(dirname(target), runtimeEntry);
    const source = file.contents.replaceAll("'@hspec/runtime'", `'./${runtime}'`);
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file.path,
    });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(outFolder, 'package.json'), '{ "type": "module" }\n');
  return outFolder;
}

const plainSchema = `CREATE TABLE patients (
  id TEXT PRIMARY KEY, clinic_id TEXT NOT NULL, mrn TEXT NOT NULL, given_name TEXT NOT NULL,
  family_name TEXT NOT NULL, birth_date TEXT NOT NULL, sex TEXT NOT NULL, ssn TEXT, phone TEXT,
  email TEXT, street TEXT, city TEXT, state TEXT, zip TEXT NOT NULL, member_id TEXT,
  consents_to_sms INTEGER NOT NULL
)`;

const auditSchema = `CREATE TABLE IF NOT EXISTS audit_log (
  sequence INTEGER PRIMARY KEY, event TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL,
  user_id TEXT, role TEXT, model TEXT, record_ids TEXT NOT NULL, fields TEXT NOT NULL,
  purpose_of_use TEXT, reason TEXT, emergency INTEGER NOT NULL, changed_fields TEXT,
  alert INTEGER NOT NULL, detail TEXT, request_id TEXT, recorded_at TEXT NOT NULL
)`;

const auditInsert = `INSERT INTO audit_log (event, action, outcome, user_id, role, model,
  record_ids, fields, purpose_of_use, reason, emergency, changed_fields, alert, detail,
  request_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function openDatabase(path, schema) {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.exec(schema);
  database.exec(auditSchema);
  if (schema.includes('"clinics"')) {
    database
      .prepare('INSERT INTO clinics (id, name, npi) VALUES (?, ?, ?)')
      .run(clinicId, 'Valley Clinic', '1234567890');
  }
  return database;
}

/** Appends one audit row through the caller's connection: the same SQL the baseline runs. */
class AuditTable {
  #insert;

  constructor(database) {
    this.#insert = database.prepare(auditInsert);
  }

  appendSync(entry) {
    const recordedAt = new Date().toISOString();
    const { lastInsertRowid } = this.#insert.run(...auditValues(entry, recordedAt));
    const sequence = Number(lastInsertRowid);
    return { ...entry, sequence, id: '', recordedAt, previousHash: '', hash: '' };
  }
}

function auditValues(entry, recordedAt) {
  return [
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
    recordedAt,
  ];
}

/** Builds a distinct Patient of the example spec for each call. */
function patient(counter) {
  return {
    id: randomUUID(),
    clinicId,
    mrn: `MRN-${counter}`,
    givenName: 'Ada',
    familyName: `Lovelace-${counter % 1000}`,
    birthDate: '1815-12-10',
    sex: 'female',
    ssn: '123-45-6789',
    phone: '+1 555 0100',
    email: `ada${counter}@example.org`,
    street: '12 St James Square',
    city: 'London',
    state: 'MA',
    zip: '02139',
    memberId: 'MEMBER-77',
    consentsToSms: true,
  };
}

/**
 * Builds the same insert written by hand. It checks the role, encrypts each PHI column with
 * AES-256-GCM under a random nonce with the table, column and row as associated data, computes
 * HMAC-SHA256 blind indexes, and writes the row and one audit row in one transaction.
 */
function handWrittenInsert(database, keyBytes, blindIndexBytes) {
  const encrypted = ['mrn', 'given_name', 'family_name', 'birth_date', 'ssn', 'phone', 'email',
    'street', 'city', 'zip', 'member_id'];
  const indexKeys = new Map(
    ['mrn', 'family_name', 'email'].map((column) => [
      column,
      createSecretKey(createHmac('sha256', blindIndexBytes).update(`patients.${column}`).digest()),
    ]),
  );
  const insert = database.prepare(`INSERT INTO patients (id, clinic_id, mrn, mrn_bidx,
    given_name, family_name, family_name_bidx, birth_date, sex, ssn, phone, email, email_bidx,
    street, city, state, zip, member_id, consents_to_sms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const appendAudit = database.prepare(auditInsert);
  const key = createSecretKey(keyBytes);
  const encrypt = (column, id, value) => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(`patients|${column}|${id}`));
    const ciphertext = Buffer.concat([cipher.update(String(value), 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
  };
  const index = (column, value) =>
    createHmac('sha256', indexKeys.get(column))
      .update(value.trim().toLowerCase())
      .digest('base64url');
  const write = database.transaction((input, row) => {
    insert.run(...row);
    const entry = {
      event: 'phi.change',
      action: 'create',
      outcome: 'success',
      userId: request.subject.userId,
      role: request.subject.role,
      model: 'Patient',
      recordIds: [input.id],
      fields: Object.keys(input),
      purposeOfUse: request.purposeOfUse,
      reason: null,
      emergency: false,
      changedFields: Object.keys(input).sort(),
      alert: false,
      detail: null,
      requestId: null,
    };
    appendAudit.run(...auditValues(entry, new Date().toISOString()));
  });

  return (input) => {
    if (request.subject.role !== 'clinician' || input.clinicId !== request.subject.organizationId) {
      throw new Error('denied');
    }
    const sealed = {};
    for (const column of encrypted) {
      sealed[column] = encrypt(column, input.id, input[camelCase(column)]);
    }
    write(input, [
      input.id,
      input.clinicId,
      sealed.mrn,
      index('mrn', input.mrn),
      sealed.given_name,
      sealed.family_name,
      index('family_name', input.familyName),
      sealed.birth_date,
      input.sex,
      sealed.ssn,
      sealed.phone,
      sealed.email,
      index('email', input.email),
      sealed.street,
      sealed.city,
      input.state,
      sealed.zip,
      sealed.member_id,
      input.consentsToSms ? 1 : 0,
    ]);
  };
}

/** Inserts the patient as plaintext, without an audit row. */
function plainInsert(database) {
  const insert = database.prepare(`INSERT INTO patients VALUES
    (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return (input) =>
    insert.run(
      input.id,
      input.clinicId,
      input.mrn,
      input.givenName,
      input.familyName,
      input.birthDate,
      input.sex,
      input.ssn,
      input.phone,
      input.email,
      input.street,
      input.city,
      input.state,
      input.zip,
      input.memberId,
      input.consentsToSms ? 1 : 0,
    );
}

function camelCase(column) {
  return column.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/** Checks that each insert stores one patient and one audit row, so that they do equal work. */
function checkSetup(cases) {
  for (const [name, database, auditTable, insert] of cases) {
    insert();
    const patients = database.prepare('SELECT count(*) AS n FROM patients').get().n;
    const audits = database.prepare(`SELECT count(*) AS n FROM ${auditTable}`).get().n;
    if (patients !== 1 || audits !== 1) {
      throw new Error(
        `benchmark setup is wrong: the ${name} insert stored ${patients} rows ` +
          `and ${audits} audit rows`,
      );
    }
  }
}

/**
 * Runs the functions in alternating rounds after a warm-up, so that CPU frequency changes,
 * garbage collection and database growth hit each alike, and returns the median time per call
 * of each in nanoseconds.
 */
function compare(functions) {
  for (const fn of functions) timeFor(fn, warmUpMilliseconds);
  const samples = functions.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    functions.forEach((fn, index) => samples[index].push(timeFor(fn, roundMilliseconds)));
  }
  return samples.map(median);
}

/** Calls `fn` repeatedly for about `milliseconds` and returns nanoseconds per call. */
function timeFor(fn, milliseconds) {
  const budget = BigInt(milliseconds) * 1_000_000n;
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let batch = 0; batch < 16; batch += 1) {
      fn();
    }
    calls += 16;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / calls;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
