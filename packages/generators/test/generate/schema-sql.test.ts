import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { generateFiles } from '../../src/generate/generate-files.js';
import type { SpecIR } from '../../src/ir/spec-ir.js';
import { awkwardSpec } from './support/awkward-spec.js';
import { contentsOf } from './support/file-lines.js';
import { scratchFolder } from './support/generated-output.js';
import { syntheticSpec } from './support/synthetic-spec.js';
import { telehealthSpec } from './support/telehealth-spec.js';

function schemaFor(spec: SpecIR): string {
  return contentsOf(generateFiles(spec), 'schema.sql');
}

describe('schema.sql on SQLite', () => {
  it.each([
    { name: 'telehealth', spec: telehealthSpec('sqlite') },
    { name: 'awkward', spec: awkwardSpec('sqlite') },
    { name: 'synthetic', spec: syntheticSpec(40, 20) },
  ])('creates the $name tables and runs again unchanged', ({ spec }) => {
    const database = new Database(':memory:');
    database.exec(schemaFor(spec));
    database.exec(schemaFor(spec));

    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    const expected = spec.models.map((model) => model.table).sort();
    expect(tables.map((table) => table.name)).toEqual(expected);
  });

  it('rejects an enum value outside the spec', () => {
    const database = new Database(':memory:');
    database.exec(schemaFor(telehealthSpec('sqlite')));
    const insert = database.prepare(
      'INSERT INTO "organizations" ("id", "name", "npi") VALUES (?, ?, ?)',
    );
    insert.run('org-1', 'Clinic', '1234567890');
    const patient = database.prepare(
      'INSERT INTO "patients" ("id", "organization_id", "mrn", "mrn_bidx", "given_name", ' +
        '"family_name", "family_name_bidx", "birth_date", "sex", "postal_code") ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );

    const values = (sex: string) => ['p-1', 'org-1', 'e', 'i', 'e', 'e', 'i', 'e', sex, 'e'];

    expect(() => patient.run(...values('x'))).toThrow(/CHECK constraint failed/);
    expect(() => patient.run(...values('male'))).not.toThrow();
  });

  it('rejects a boolean other than 0 or 1', () => {
    const database = new Database(':memory:');
    database.exec(schemaFor(awkwardSpec('sqlite')));
    const insert = database.prepare('INSERT INTO "model_table" ("id", "at") VALUES (?, ?)');

    expect(() => insert.run(2, 'envelope')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(1, 'envelope')).not.toThrow();
  });

  it('enforces foreign keys when enabled', () => {
    const database = new Database(':memory:');
    database.pragma('foreign_keys = ON');
    database.exec(schemaFor(awkwardSpec('sqlite')));

    const insert = database.prepare(
      'INSERT INTO "promise" ("id", "object_key", "note") VALUES (1, ?, ?)',
    );

    expect(() => insert.run('no such key', 'envelope')).toThrow(/FOREIGN KEY constraint failed/);
  });
});

const postgresReachable =
  spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0 &&
  spawnSync('psql', ['--version']).status === 0;

/** Runs SQL files in one psql session inside a fresh schema, which is dropped afterwards. */
function runInPostgres(name: string, sqlFiles: readonly string[], query: string): string {
  const schema = `hspec_test_${name.replace(/[^a-z0-9]/g, '_')}_${process.pid}`;
  const setup =
    `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; ` +
    `SET search_path TO ${schema};`;
  const args = ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-X', '-q', '-t', '-A'];
  args.push('-v', 'ON_ERROR_STOP=1', '-c', setup);
  for (const file of sqlFiles) {
    args.push('-f', file);
  }
  args.push('-c', query, '-c', `DROP SCHEMA ${schema} CASCADE;`);
  return execFileSync('psql', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// In CI a PostgreSQL that is down is a failure, never a silent skip.
describe.skipIf(!postgresReachable && process.env['CI'] !== 'true')('schema.sql on PostgreSQL', () => {
  it.each([
    { name: 'telehealth', spec: telehealthSpec('postgres') },
    { name: 'awkward', spec: awkwardSpec('postgres') },
    { name: 'synthetic', spec: syntheticSpec(40, 20, 'postgres') },
  ])('creates the $name tables and runs again unchanged', ({ name, spec }) => {
    const file = join(scratchFolder('.'), `schema-${name}.sql`);
    writeFileSync(file, schemaFor(spec));

    const output = runInPostgres(
      name,
      [file, file],
      'SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema();',
    );

    expect(output.trim()).toBe(String(spec.models.length));
  });

  it('keeps the digits of a plaintext decimal', () => {
    const file = join(scratchFolder('.'), 'schema-decimal.sql');
    writeFileSync(file, schemaFor(awkwardSpec('postgres')));

    const insert =
      'INSERT INTO "record" ("id", "class", "default", "value", "order", "function", "import", ' +
      '"typeof", "await", "await_bidx", "in") VALUES (gen_random_uuid(), \'c\', 1, \'e\', ' +
      '\'plain\', true, \'e\', \'[]\', \'e\', \'i\', \'1.50\');';
    const output = runInPostgres('decimal', [file], `${insert} SELECT "in"::text FROM "record";`);

    expect(output.trim()).toBe('1.50');
  });
});
