import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  countRowsByKey,
  reencryptTable,
  type ReencryptTarget,
  type ValueType,
  type ValueTypes,
} from '../../src/index.js';
import { keyMaterial, rejected, useTemporaryFolder } from '../keyring-fixture.js';
import { cipherFor } from './telehealth-database.js';

const temporaryFolder = useTemporaryFolder();
const k1 = keyMaterial('k1');
const k2 = keyMaterial('k2');

const values: { [type in ValueType]: ValueTypes[type] } = {
  string: 'Ünïcode 🩺 text',
  integer: -9_007_199_254_740_991,
  decimal: '98.60' as ValueTypes['decimal'],
  boolean: false,
  date: '2024-02-29' as ValueTypes['date'],
  datetime: new Date('2026-03-01T08:30:00.125Z'),
  json: { allergies: ['penicillin'], severe: true },
};
const valueTypes = Object.keys(values) as ValueType[];

const measurements: ReencryptTarget = {
  table: 'measurements',
  primaryKey: { column: 'id' },
  columns: valueTypes.map((valueType) => ({ column: `${valueType}_value`, valueType })),
};

async function openMeasurements(): Promise<Database.Database> {
  const db = new Database(join(await temporaryFolder(), 'measurements.db'));
  const columns = valueTypes.map((valueType) => `"${valueType}_value" TEXT`).join(', ');
  db.exec(`CREATE TABLE "measurements" ("id" INTEGER PRIMARY KEY, ${columns})`);
  return db;
}

describe('reencryptTable value types', () => {
  it('re-encrypts every value type by integer key', async () => {
    const db = await openMeasurements();
    const old = cipherFor([k1]);
    const insert = db.prepare(
      `INSERT INTO "measurements" VALUES (?, ${valueTypes.map(() => '?').join(', ')})`,
    );
    for (const id of [1, 2, 10, 300]) {
      const envelopes = valueTypes.map((valueType) =>
        old.encrypt(valueType, values[valueType], {
          table: 'measurements',
          column: `${valueType}_value`,
          primaryKey: String(id),
        }),
      );
      insert.run(id, ...envelopes);
    }
    const active = cipherFor([k2, k1]);

    const result = await reencryptTable(db, measurements, active, { batchSize: 3 });
    const rows = db.prepare('SELECT * FROM "measurements" ORDER BY "id"').all() as Record<
      string,
      string | number
    >[];

    expect(result).toEqual({ rows: 4, batches: 2, remaining: 0 });
    expect(countRowsByKey(db, measurements)).toEqual({ k2: 4 });
    for (const row of rows) {
      for (const valueType of valueTypes) {
        const context = {
          table: 'measurements',
          column: `${valueType}_value`,
          primaryKey: String(row['id']),
        };
        expect(active.decrypt(valueType, String(row[context.column]), context)).toEqual(
          values[valueType],
        );
      }
    }
    db.close();
  });

  it('rejects a value of another type', async () => {
    const db = await openMeasurements();
    const where = { table: 'measurements', column: 'integer_value', primaryKey: '1' };
    const envelope = cipherFor([k1]).encrypt('string', '42', where);
    db.prepare('INSERT INTO "measurements" ("id", "integer_value") VALUES (1, ?)').run(envelope);

    const error = await rejected(() => reencryptTable(db, measurements, cipherFor([k2, k1])));

    expect(error).toMatchObject({
      code: 'rotation.reencrypt-failed',
      column: 'integer_value',
      primaryKey: '1',
      cause: { code: 'value.type-mismatch' },
    });
    db.close();
  });

  it('rejects a blob primary key', async () => {
    const db = new Database(join(await temporaryFolder(), 'blob.db'));
    db.exec('CREATE TABLE "files" ("id" BLOB PRIMARY KEY, "name" TEXT)');
    db.prepare('INSERT INTO "files" VALUES (?, ?)').run(Buffer.from([1, 2]), 'hspec:v1:k1:x');
    const files: ReencryptTarget = {
      table: 'files',
      primaryKey: { column: 'id' },
      columns: [{ column: 'name', valueType: 'string' }],
    };

    const error = await rejected(() => reencryptTable(db, files, cipherFor([k2, k1])));

    expect(error).toMatchObject({
      code: 'rotation.reencrypt-failed',
      column: 'id',
      primaryKey: undefined,
    });
    expect((error as Error).message).toContain('blob');
    db.close();
  });

  const invalidTargets: { name: string; target: ReencryptTarget }[] = [
    {
      name: 'an empty table name',
      target: { table: '', primaryKey: { column: 'id' }, columns: [] },
    },
    {
      name: 'the primary key as an encrypted column',
      target: {
        table: 't',
        primaryKey: { column: 'id' },
        columns: [{ column: 'id', valueType: 'string' }],
      },
    },
    {
      name: 'a column listed twice',
      target: {
        table: 't',
        primaryKey: { column: 'id' },
        columns: [
          { column: 'c', valueType: 'string' },
          { column: 'c', valueType: 'date' },
        ],
      },
    },
    {
      name: 'an unknown value type',
      target: {
        table: 't',
        primaryKey: { column: 'id' },
        columns: [{ column: 'c', valueType: 'text' as ValueType }],
      },
    },
  ];

  it.each(invalidTargets)('rejects a target with $name', async ({ target }) => {
    const db = await openMeasurements();

    const error = await rejected(() => reencryptTable(db, target, cipherFor([k2])));

    expect(error).toBeInstanceOf(TypeError);
    db.close();
  });
});
