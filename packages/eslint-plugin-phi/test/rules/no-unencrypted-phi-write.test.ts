import { rules } from '../../src/rules/index.js';
import type { SinkRuleOptions } from '../../src/rules/sink-rule-options.js';
import { createRuleTester } from './rule-tester.js';

const rule = rules['no-unencrypted-phi-write'];

// Every case below starts with these 26 lines, so its own code starts on line 27.
const header = `import { appendFileSync, createWriteStream, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { PrismaClient } from '@prisma/client';
import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Collection } from 'mongodb';
import type { Connection } from 'mysql2/promise';
import type { Pool } from 'pg';
import { Model } from 'sequelize';
import type { EntityManager, Repository } from 'typeorm';
import { encryptPatient, type Patient, type PatientRow } from './generated/models/patient.js';
import type { VisitNote } from './generated/models/visit-note.js';
import type { FieldCipher } from './runtime.js';
declare const db: Database.Database;
declare const pool: Pool;
declare const mysql: Connection;
declare const knex: Knex;
declare const prisma: PrismaClient;
declare const patients: Repository<Patient>;
declare const manager: EntityManager;
declare const collection: Collection<object>;
declare const patient: Patient;
declare const row: PatientRow;
declare const note: VisitNote;
declare const roster: readonly Patient[];
declare const sql: string;
`;

const statementRun = 'the database through better-sqlite3 Statement.run';
const teamStore: [SinkRuleOptions] = [{ sinks: [{ module: 'team/record-store', method: 'put' }] }];

createRuleTester().run('no-unencrypted-phi-write', rule, {
  valid: [
    { name: 'encrypted row', code: `${header}db.prepare(sql).run(row);` },
    {
      name: 'record encrypted in the call',
      code: `${header}export function save(cipher: FieldCipher): void {
  db.prepare(sql).run(encryptPatient(patient, cipher));
}`,
    },
    {
      name: 'fields without PHI',
      code: `${header}db.prepare(sql).run(patient.id, patient.clinicId, patient.sex);`,
    },
    {
      name: 'destructured fields without PHI',
      code: `${header}const { id, sex } = patient;
db.prepare(sql).run(id, sex);`,
    },
    {
      name: 'template of fields without PHI',
      code: `${header}db.exec(\`DELETE FROM patients WHERE id = '\${patient.id}'\`);`,
    },
    {
      name: 'de-identified type',
      code: `${header}type Deidentified = Omit<Patient, 'mrn' | 'givenName' | 'ssn' | 'email' | 'zip'>;
declare const deidentified: Deidentified;
db.prepare(sql).run(deidentified);`,
    },
    { name: 'envelopes', code: `${header}db.prepare(sql).run(row.ssn, row.mrn);` },
    {
      name: 'type-only code',
      code: `${header}type SsnColumn = typeof patient.ssn;
type RunParameters = Parameters<Database.Statement['run']>;
const columns = { id: patient.id } satisfies Partial<Patient>;
db.prepare(sql).run(columns);`,
    },
    {
      name: 'own object with a run method',
      code: `${header}const statement = { run: (value: unknown): unknown => value };
statement.run(patient);`,
    },
    {
      name: 'own class with an insertOne method',
      code: `${header}class Outbox {
  insertOne(value: unknown): unknown {
    return value;
  }
}
new Outbox().insertOne(patient);`,
    },
    {
      name: 'map to fields without PHI',
      code: `${header}db.prepare(sql).run(...roster.map((entry) => entry.id));`,
    },
    {
      name: 'Map get and set',
      code: `${header}const cache = new Map<string, Patient>();
cache.set(patient.id, patient);
cache.get(patient.id);`,
    },
    {
      name: 'let replaced before the write',
      code: `${header}let value: Patient['ssn'] | string = patient.ssn;
value = 'redacted';
db.prepare(sql).run(value);`,
    },
    {
      name: 'const string without PHI',
      code: `${header}const line = \`\${patient.id},\${patient.sex}\`;
appendFileSync('export.csv', line);`,
    },
    {
      name: 'team sink without the option',
      code: `${header}import type { RecordStore } from './team/record-store.js';
declare const store: RecordStore;
store.put('p1', patient.ssn);`,
    },
    { name: 'pg parameters without PHI', code: `${header}void pool.query(sql, [patient.id]);` },
    {
      name: 'Prisma read',
      code: `${header}void prisma.patient.findMany({ where: { clinicId: patient.clinicId } });`,
    },
    {
      name: 'file of an encrypted row',
      code: `${header}writeFileSync('row.json', JSON.stringify(row));`,
    },
    {
      name: 'typeof and comparison',
      code: `${header}db.prepare(sql).run(typeof patient.ssn, patient.ssn === null);`,
    },
    {
      name: 'Sequelize rows',
      code: `${header}declare const rows: readonly PatientRow[];
void Model.bulkCreate(rows);`,
    },
    {
      name: 'spread of an encrypted row',
      code: `${header}void knex('patients').insert({ ...row, id: 'p2' });`,
    },
    {
      name: 'awaited encrypted row',
      code: `${header}declare function loadRow(id: string): Promise<PatientRow>;
db.prepare(sql).run(await loadRow('p1'));`,
    },
    {
      name: 'optional chaining to a plain field',
      code: `${header}declare const maybe: Patient | undefined;
db.prepare(sql).run(maybe?.clinicId);`,
    },
    {
      name: 'parameter of an encrypted type',
      code: `${header}export function insertRow(stored: PatientRow): void {
  db.prepare(sql).run(stored);
}`,
    },
    {
      name: 'team sink option for another method',
      code: `${header}import type { RecordStore } from './team/record-store.js';
declare const store: RecordStore;
store.get(patient.id);`,
      options: teamStore,
    },
  ],
  invalid: [
    {
      name: 'field read',
      code: `${header}db.prepare(sql).run(patient.ssn);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 21,
          data: { field: 'ssn', kind: 'ssn', sink: statementRun, encryptor: 'encryptPatient' },
        },
      ],
    },
    {
      name: 'record with a cipher in scope',
      code: `${header}export function save(cipher: FieldCipher): void {
  db.prepare(sql).run(patient);
}`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 23,
          suggestions: [
            {
              messageId: 'encryptRecord',
              data: { encryptor: 'encryptPatient', cipher: 'cipher' },
              output: `${header}export function save(cipher: FieldCipher): void {
  db.prepare(sql).run(encryptPatient(patient, cipher));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'record without a cipher',
      code: `${header}db.prepare(sql).run(patient);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 21,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: statementRun,
            encryptor: 'encryptPatient',
          },
          suggestions: [],
        },
      ],
    },
    {
      name: 'record with a FieldCipher under another name',
      code: `${header}export function store(fieldCipher: FieldCipher): void {
  void manager.save(patient);
}`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'the database through TypeORM save',
            encryptor: 'encryptPatient',
          },
          suggestions: [
            {
              messageId: 'encryptRecord',
              output: `${header}export function store(fieldCipher: FieldCipher): void {
  void manager.save(encryptPatient(patient, fieldCipher));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'suggestion that imports the encryptor',
      code: `import Database from 'better-sqlite3';
import type { Patient } from './generated/models/patient.js';
import type { FieldCipher } from './runtime.js';
declare const db: Database.Database;
export function save(patient: Patient, cipher: FieldCipher): void {
  db.prepare('INSERT INTO patients VALUES (@id, @mrn)').run(patient);
}`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 6,
          column: 61,
          suggestions: [
            {
              messageId: 'encryptRecord',
              output: `import Database from 'better-sqlite3';
import type { Patient } from './generated/models/patient.js';
import type { FieldCipher } from './runtime.js';
import { encryptPatient } from './generated/models/patient.js';
declare const db: Database.Database;
export function save(patient: Patient, cipher: FieldCipher): void {
  db.prepare('INSERT INTO patients VALUES (@id, @mrn)').run(encryptPatient(patient, cipher));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'template literal in exec',
      code: `${header}db.exec(\`INSERT INTO patients (zip) VALUES ('\${patient.zip}')\`);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 48,
          data: {
            field: 'zip',
            kind: 'geographic',
            sink: 'the database through better-sqlite3 Database.exec',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'destructured field',
      code: `${header}const { ssn } = patient;
db.prepare(sql).run(ssn);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: { field: 'ssn', kind: 'ssn', sink: statementRun, encryptor: 'FieldCipher.encrypt' },
        },
      ],
    },
    {
      name: 'destructured field under another name',
      code: `${header}const { email: address } = patient;
db.prepare(sql).get(address);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: {
            field: 'email',
            kind: 'email',
            sink: 'the database through better-sqlite3 Statement.get',
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'let assigned PHI later',
      code: `${header}let value: Patient['mrn'] | undefined;
value = patient.mrn;
db.prepare(sql).all(value);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 29,
          column: 21,
          data: {
            field: 'value',
            kind: 'medical_record_number',
            sink: 'the database through better-sqlite3 Statement.all',
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'spread of a map result',
      code: `${header}db.prepare(sql).run(...roster.map((entry) => entry.ssn));`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 24,
          data: { field: 'ssn', kind: 'ssn', sink: statementRun, encryptor: 'FieldCipher.encrypt' },
        },
      ],
    },
    {
      name: 'pg parameter array',
      code: `${header}void pool.query(sql, [patient.mrn]);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 23,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'the database through pg query',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'pg query config',
      code: `${header}void pool.query({ text: sql, values: [patient.givenName] });`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 39 }],
    },
    {
      name: 'mysql2 execute',
      code: `${header}void mysql.execute(sql, [patient.email]);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 26,
          data: {
            field: 'email',
            kind: 'email',
            sink: 'the database through mysql2 execute',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'knex insert of a spread record',
      code: `${header}void knex('patients').insert({ ...patient, id: 'p1' });`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 35,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'the database through knex insert',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'knex where value',
      code: `${header}void knex('patients').where('ssn', patient.ssn);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 36 }],
    },
    {
      name: 'Prisma create data',
      code: `${header}void prisma.patient.create({ data: { mrn: patient.mrn } });`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 43,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'the database through Prisma create',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'Sequelize create of a sensitive field',
      code: `${header}void Model.create({ body: note.body });`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 27,
          data: {
            field: 'body',
            kind: 'sensitive',
            sink: 'the database through Sequelize create',
            encryptor: 'encryptVisitNote',
          },
        },
      ],
    },
    {
      name: 'MongoDB shorthand property',
      code: `${header}void collection.insertOne({ patient });`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 29,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'the database through MongoDB insertOne',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'JSON file',
      code: `${header}writeFileSync('export.json', JSON.stringify(patient));`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 45,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'a file through fs writeFileSync',
            encryptor: 'encryptPatient',
          },
          suggestions: [],
        },
      ],
    },
    {
      name: 'fs/promises with String',
      code: `${header}void writeFile('ssn.txt', String(patient.ssn));`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 34,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'a file through fs writeFile',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'concatenation appended to a file',
      code: `${header}appendFileSync('export.csv', patient.id + ',' + patient.zip + '\\n');`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 49 }],
    },
    {
      name: 'write stream',
      code: `${header}createWriteStream('names.txt').write(patient.givenName);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 38,
          data: {
            field: 'givenName',
            kind: 'name',
            sink: 'a file through fs WriteStream.write',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'awaited return value',
      code: `${header}declare function loadPatient(id: string): Promise<Patient>;
db.prepare(sql).run(await loadPatient('p1'));`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 28, column: 21 }],
    },
    {
      name: 'optional chaining',
      code: `${header}declare const maybe: Patient | undefined;
db.prepare(sql).run(maybe?.email);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: { field: 'email', kind: 'email', sink: statementRun, encryptor: 'encryptPatient' },
        },
      ],
    },
    {
      name: 'generic parameter',
      code: `${header}export function insertRecord<T extends Patient>(record: T): void {
  db.prepare(sql).run(record);
}`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 28, column: 23, suggestions: [] }],
    },
    {
      name: 'nested record',
      code: `${header}interface Referral {
  readonly id: string;
  readonly patient: Patient;
}
declare const referral: Referral;
db.prepare(sql).run(referral);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 32,
          column: 21,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: statementRun,
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'Map values',
      code: `${header}declare const byId: Map<string, Patient>;
writeFileSync('patients.json', JSON.stringify([...byId]));`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 28, column: 51 }],
    },
    {
      name: 'Set values',
      code: `${header}declare const emails: ReadonlySet<Patient['email']>;
void collection.insertOne({ emails: [...emails] });`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 41,
          data: {
            field: 'emails',
            kind: 'email',
            sink: 'the database through MongoDB insertOne',
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'tuple spread',
      code: `${header}declare const pair: readonly [string, Patient['ssn']];
db.prepare(sql).run(...pair);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 28, column: 24 }],
    },
    {
      name: 'readonly array of sensitive records',
      code: `${header}declare const notes: readonly VisitNote[];
void Model.bulkCreate(notes);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 23,
          data: {
            field: 'body',
            kind: 'sensitive',
            sink: 'the database through Sequelize bulkCreate',
            encryptor: 'encryptVisitNote',
          },
          suggestions: [],
        },
      ],
    },
    {
      name: 'intersection with a record',
      code: `${header}type Imported = Patient & { readonly source: string };
declare const imported: Imported;
db.prepare(sql).run(imported);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 29, column: 21 }],
    },
    {
      name: 'index signature',
      code: `${header}declare const ssnById: Record<string, Patient['ssn']>;
db.prepare(sql).run(ssnById);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: {
            field: 'ssnById',
            kind: 'ssn',
            sink: statementRun,
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'partial record',
      code: `${header}declare const changes: Partial<Patient>;
void knex('patients').update(changes);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 28, column: 30 }],
    },
    {
      name: 'copied brand',
      code: `${header}import type { CopiedPatient } from './copied-brand/phi.js';
declare const copied: CopiedPatient;
db.prepare(sql).run(copied.phone);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 29,
          column: 21,
          data: {
            field: 'phone',
            kind: 'phone',
            sink: statementRun,
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'built runtime types',
      code: `${header}import type { Phi } from '@hspec/runtime';
declare const birthDate: Phi<string, 'date'>;
db.prepare(sql).run(birthDate);`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 29,
          column: 21,
          data: {
            field: 'birthDate',
            kind: 'date',
            sink: statementRun,
            encryptor: 'FieldCipher.encrypt',
          },
        },
      ],
    },
    {
      name: 'team sink by module',
      code: `${header}import type { RecordStore } from './team/record-store.js';
declare const store: RecordStore;
store.put('p1', patient.ssn);`,
      options: teamStore,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 29,
          column: 17,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'a write through team/record-store put',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'team sink by module and object',
      code: `${header}import type { RecordStore } from './team/record-store.js';
declare const store: RecordStore;
store.put('p1', patient.ssn);`,
      options: [
        { sinks: [{ module: 'team/record-store', object: 'RecordStore', method: 'put' }] },
      ],
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 29,
          column: 17,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'a write through team/record-store RecordStore.put',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'one report per PHI argument',
      code: `${header}db.prepare(sql).run(patient.id, patient.mrn, patient.zip);`,
      errors: [
        { messageId: 'unencryptedPhiWrite', line: 27, column: 33 },
        { messageId: 'unencryptedPhiWrite', line: 27, column: 46 },
      ],
    },
    {
      name: 'assertion to string',
      code: `${header}db.prepare(sql).run(patient.ssn as string);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 21 }],
    },
    {
      name: 'satisfies keeps the brand',
      code: `${header}db.prepare(sql).run({ mrn: patient.mrn } satisfies Partial<Patient>);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 21 }],
    },
    {
      name: 'Prisma tagged template',
      code: `${header}void prisma.$executeRaw\`UPDATE patients SET ssn = \${patient.ssn}\`;`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 27,
          column: 53,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'the database through Prisma $executeRaw',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'renamed import',
      code: `${header}import { writeFileSync as saveFile } from 'node:fs';
saveFile('ssn.txt', patient.ssn ?? '');`,
      errors: [
        {
          messageId: 'unencryptedPhiWrite',
          line: 28,
          column: 21,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'a file through fs writeFileSync',
            encryptor: 'encryptPatient',
          },
        },
      ],
    },
    {
      name: 'TypeORM repository save',
      code: `${header}void patients.save(patient);`,
      errors: [{ messageId: 'unencryptedPhiWrite', line: 27, column: 20 }],
    },
  ],
});
