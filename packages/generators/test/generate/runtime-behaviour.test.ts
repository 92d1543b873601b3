import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

import { DecryptError, FieldValidationError, type FieldCipher } from '@hspec/runtime';
import { generateFiles } from '../../src/generate/generate-files.js';
import { awkwardSpec } from './support/awkward-spec.js';
import { writeGeneratedOutput } from './support/generated-output.js';
import { insertRow, selectRows, type SqlRow } from './support/sqlite-rows.js';
import { createTestCipher } from './support/test-cipher.js';
import { telehealthSpec } from './support/telehealth-spec.js';

type Values = { readonly [field: string]: unknown };

/** The generated functions of one model module that these tests call. */
interface ModelModule {
  readonly encrypt: (input: Values, cipher: FieldCipher) => SqlRow;
  readonly decrypt: (row: SqlRow, cipher: FieldCipher) => Values;
  readonly index: (name: string) => (value: unknown, cipher: FieldCipher) => string;
}

async function loadModel(folder: string, file: string, model: string): Promise<ModelModule> {
  const exports = (await import(pathToFileURL(join(folder, 'models', file)).href)) as {
    readonly [name: string]: unknown;
  };
  const lowerModel = model.charAt(0).toLowerCase() + model.slice(1);
  return {
    encrypt: exports[`encrypt${model}`] as ModelModule['encrypt'],
    decrypt: exports[`decrypt${model}`] as ModelModule['decrypt'],
    index: (name) => exports[`${lowerModel}${name}Index`] as ReturnType<ModelModule['index']>,
  };
}

function openDatabase(schema: string): Database.Database {
  const database = new Database(':memory:');
  database.pragma('foreign_keys = ON');
  database.exec(schema);
  return database;
}

function schemaOf(files: ReturnType<typeof generateFiles>): string {
  const schema = files.find((file) => file.path === 'schema.sql');
  if (schema === undefined) {
    throw new Error('schema.sql was not generated');
  }
  return schema.contents;
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

const organization = {
  id: '0b6f7a3e-5d1c-4f4a-9a51-2f1f3f0c9e11',
  name: 'Valley Clinic',
  npi: '1234567890',
};

const patient = {
  id: '6f1d2c3b-8a9e-4b7c-9d0e-1f2a3b4c5d6e',
  organizationId: organization.id,
  mrn: 'MRN-0042',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1815-12-10',
  sex: 'female',
  ssn: '123-45-6789',
  phone: '',
  email: null,
  postalCode: '02139',
  lastVisitAt: new Date('2024-03-01T10:30:00.000Z'),
} as const;

describe('telehealth models against SQLite', () => {
  const cipher = createTestCipher();
  const files = generateFiles(telehealthSpec('sqlite'));
  let database: Database.Database;
  let patients: ModelModule;
  let organizations: ModelModule;

  beforeAll(async () => {
    const folder = writeGeneratedOutput('runtime-telehealth', files);
    database = openDatabase(schemaOf(files));
    organizations = await loadModel(folder, 'organization.ts', 'Organization');
    patients = await loadModel(folder, 'patient.ts', 'Patient');

    insertRow(database, 'organizations', organizations.encrypt(organization, cipher));
    insertRow(database, 'patients', patients.encrypt(patient, cipher));
  });

  it('stores only envelopes in PHI columns', () => {
    const [stored] = selectRows(database, 'patients', 'id', patient.id);
    const phiColumns = ['mrn', 'given_name', 'family_name', 'birth_date', 'ssn', 'phone'];
    const plaintexts = ['MRN-0042', 'Ada', 'Lovelace', '1815-12-10', '123-45-6789', '02139'];

    for (const column of [...phiColumns, 'postal_code', 'last_visit_at']) {
      const value = stored?.[column];
      expect(typeof value, column).toBe('string');
      expect(String(value).startsWith('hspec:v1:'), column).toBe(true);
      // A three-letter name occurs in base64 text by chance about once in a few hundred runs,
      // so the payload is checked as bytes, where it does not.
      const envelope = String(value);
      const payload = Buffer.from(envelope.slice(envelope.lastIndexOf(':') + 1), 'base64url');
      for (const plaintext of plaintexts) {
        expect(payload.includes(Buffer.from(plaintext)), column).toBe(false);
        if (plaintext.length > 3) expect(envelope, column).not.toContain(plaintext);
      }
    }
  });

  it('keeps plaintext columns readable', () => {
    const [stored] = selectRows(database, 'patients', 'id', patient.id);

    expect(stored?.['sex']).toBe('female');
    expect(stored?.['organization_id']).toBe(organization.id);
  });

  it('finds a patient by blind index', () => {
    const mrnIndex = patients.index('Mrn');
    const found = selectRows(database, 'patients', 'mrn_bidx', mrnIndex('MRN-0042', cipher));
    const missing = selectRows(database, 'patients', 'mrn_bidx', mrnIndex('MRN-0099', cipher));

    expect(found.map((row) => row['id'])).toEqual([patient.id]);
    expect(missing).toEqual([]);
  });

  it('decrypts a stored row back to the input', () => {
    const [stored] = selectRows(database, 'patients', 'id', patient.id);
    const record = patients.decrypt(stored ?? {}, cipher);

    expect(record).toEqual({
      ...patient,
      addressLine: null,
      city: null,
      state: null,
      insuranceMemberId: null,
    });
  });

  it('keeps null as null and empty text as empty text', () => {
    const [stored] = selectRows(database, 'patients', 'id', patient.id);
    const record = patients.decrypt(stored ?? {}, cipher);

    expect(stored?.['email']).toBeNull();
    expect(record['email']).toBeNull();
    expect(stored?.['phone']).not.toBe('');
    expect(record['phone']).toBe('');
  });

  it('rejects a pattern mismatch without quoting the value', () => {
    const error = catchError(() => patients.encrypt({ ...patient, ssn: '123456789' }, cipher));

    expect(error).toBeInstanceOf(FieldValidationError);
    expect(error).toMatchObject({
      code: 'field.invalid',
      model: 'Patient',
      field: 'ssn',
      rule: 'pattern',
    });
    expect(String((error as Error).message)).toContain('ssn');
    expect(String((error as Error).message)).not.toContain('123456789');
  });

  it.each([
    { name: 'missing required field', field: 'mrn', value: undefined, rule: 'required' },
    { name: 'null required field', field: 'givenName', value: null, rule: 'required' },
    { name: 'value outside the enum', field: 'sex', value: 'x', rule: 'enum' },
    { name: 'date not in the calendar', field: 'birthDate', value: '2023-02-29', rule: 'type' },
    { name: 'malformed uuid', field: 'organizationId', value: 'org-1', rule: 'type' },
    { name: 'invalid datetime', field: 'lastVisitAt', value: new Date(Number.NaN), rule: 'type' },
    { name: 'number in a text field', field: 'phone', value: 5551234, rule: 'type' },
  ])('rejects a $name', ({ field, value, rule }) => {
    const error = catchError(() => patients.encrypt({ ...patient, [field]: value }, cipher));

    expect(error).toBeInstanceOf(FieldValidationError);
    expect(error).toMatchObject({ model: 'Patient', field, rule });
  });

  it('fails to decrypt an envelope copied to another row', () => {
    const other = { ...patient, id: '7f1d2c3b-8a9e-4b7c-9d0e-1f2a3b4c5d6e', mrn: 'MRN-0043' };
    insertRow(database, 'patients', patients.encrypt(other, cipher));
    const [original] = selectRows(database, 'patients', 'id', patient.id);
    const [copy] = selectRows(database, 'patients', 'id', other.id);

    const tampered = { ...copy, ssn: original?.['ssn'] };
    expect(() => patients.decrypt(tampered, cipher)).toThrow(DecryptError);
  });
});

describe('awkward names against SQLite', () => {
  const cipher = createTestCipher();
  const files = generateFiles(awkwardSpec('sqlite'));
  const full = {
    id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    class: 'first class',
    delete: 'soft',
    default: 7,
    end: new Date('2025-01-02T03:04:05.678Z'),
    value: '1.50',
    constructor: 'Grace Hopper',
    order: "it's",
    toString: false,
    function: true,
    valueOf: '2024-02-29',
    import: '1906-12-09',
    new: { nested: [1, 'two', null, true] },
    typeof: [],
    select: 'A-1',
    where: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    hasOwnProperty: 42,
    in: '-0.001',
    yield: 'b',
    await: true,
    let: { a: 1 },
  };
  let records: ModelModule;
  let dates: ModelModule;
  let database: Database.Database;

  beforeAll(async () => {
    const folder = writeGeneratedOutput('runtime-awkward', files);
    database = openDatabase(schemaOf(files));
    records = await loadModel(folder, 'record.ts', 'Record');
    dates = await loadModel(folder, 'date.ts', 'Date');
  });

  it('round-trips every field type', () => {
    insertRow(database, 'record', records.encrypt({ ...full, dateId: null }, cipher));
    const [stored] = selectRows(database, 'record', 'id', full.id);

    expect(records.decrypt(stored ?? {}, cipher)).toEqual({ ...full, dateId: null });
    expect(stored?.['function']).toBe(1);
    expect(stored?.['to_string']).toBe(0);
    expect(stored?.['typeof']).toBe('[]');
  });

  it('reads omitted prototype-named fields as null', () => {
    const omitted = new Set(['constructor', 'toString', 'valueOf', 'hasOwnProperty']);
    const rest = Object.fromEntries(Object.entries(full).filter(([key]) => !omitted.has(key)));
    const input = { ...rest, id: 'c1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', recordId: full.id };
    insertRow(database, 'date', dates.encrypt(input, cipher));
    const [stored] = selectRows(database, 'date', 'id', input.id);
    const record = dates.decrypt(stored ?? {}, cipher);

    expect(stored?.['constructor']).toBeNull();
    expect(stored?.['constructor_bidx']).toBeNull();
    expect(record['constructor']).toBeNull();
    expect(record['toString']).toBeNull();
    expect(record['valueOf']).toBeNull();
    expect(record['hasOwnProperty']).toBeNull();
  });

  it('finds a boolean field by blind index', () => {
    const key = records.index('Await')(true, cipher);

    const found = selectRows(database, 'record', 'await_bidx', key);

    expect(found.map((row) => row['id'])).toEqual([full.id]);
  });

  it('rejects a plaintext enum value outside the spec', () => {
    const error = catchError(() => records.encrypt({ ...full, order: 'other' }, cipher));

    expect(error).toMatchObject({ model: 'Record', field: 'order', rule: 'enum' });
  });

  it('rejects a decimal with an exponent', () => {
    const error = catchError(() => records.encrypt({ ...full, in: '1e3' }, cipher));

    expect(error).toMatchObject({ model: 'Record', field: 'in', rule: 'type' });
  });
});
