import type { FieldIR, ProjectIR } from '../ir/spec-ir.js';
import { call, conditional, text, type Expression } from './expression-layout.js';
import { plainTypeMembers } from './field-types.js';
import type { ImportList } from './import-list.js';

/** Import specifier of the generated converters between field values and column values. */
export const storedValuesModule = '../stored-values.js';

/** The value type names that `FieldCipher` accepts, one per field type family. */
export type CipherValueType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'json';

/** The storage of a field: an envelope, or a plaintext column of some SQL type. */
export type FieldStorage = EncryptedStorage | PlainStorage;

export interface EncryptedStorage {
  readonly kind: 'encrypted';
  readonly valueType: CipherValueType;
}

export interface PlainStorage {
  readonly kind: 'plain';
  /** Row property type members, without `null`. */
  readonly rowMembers: readonly string[];
  /** Converts an input value expression to a column value expression. */
  readonly toRow: (value: string) => Expression;
  /** Converts a column value expression to a record value expression. */
  readonly fromRow: (value: string) => Expression;
}

/**
 * Decides how a field is stored in the chosen database. SQLite has no boolean, date or JSON
 * types, so booleans become 0 or 1 and datetimes and JSON become text. PostgreSQL keeps booleans
 * and timestamps native. Both pass JSON as text in the row type, because node-postgres would
 * send a JavaScript array as a PostgreSQL array, not as JSON.
 */
export function fieldStorage(
  field: FieldIR,
  database: ProjectIR['database'],
  imports: ImportList,
): FieldStorage {
  if (field.encrypted) {
    return { kind: 'encrypted', valueType: cipherValueType(field) };
  }

  // The boolean and datetime converters have overloads that pass null through, so they need no
  // null test. JSON has a null of its own, so its converters take only non-null values.
  const converted = (to: string, from: string, rowMembers: readonly string[]): PlainStorage => {
    const toRow = imports.value(storedValuesModule, to);
    const fromRow = imports.value(storedValuesModule, from);
    return {
      kind: 'plain',
      rowMembers,
      toRow: (value) => call(toRow, [value]),
      fromRow: (value) => call(fromRow, [value]),
    };
  };

  if (field.type === 'json') {
    const toRow = imports.value(storedValuesModule, 'toStoredJson');
    const fromRow = imports.value(storedValuesModule, 'fromStoredJson');
    return {
      kind: 'plain',
      rowMembers: ['string'],
      toRow: (value) => unlessNull(field, `${value} == null`, call(toRow, [value])),
      fromRow: (value) => unlessNull(field, `${value} === null`, call(fromRow, [value])),
    };
  }
  if (database === 'sqlite' && field.type === 'boolean') {
    return converted('toStoredBoolean', 'fromStoredBoolean', ['0', '1']);
  }
  if (database === 'sqlite' && field.type === 'datetime') {
    return converted('toStoredDateTime', 'fromStoredDateTime', ['string']);
  }
  return {
    kind: 'plain',
    rowMembers: plainTypeMembers(field, imports),
    toRow: (value) => text(field.optional ? `${value} ?? null` : value),
    fromRow: (value) => text(value),
  };
}

function unlessNull(field: FieldIR, isNull: string, convert: Expression): Expression {
  return field.optional ? conditional(isNull, 'null', convert) : convert;
}

/** Returns the `FieldCipher` value type of a field. */
export function cipherValueType(field: FieldIR): CipherValueType {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'code':
    case 'enum':
      return 'string';
    default:
      return field.type;
  }
}

/** Returns the SQL column type of a field. Envelopes and blind indexes are always TEXT. */
export function sqlColumnType(field: FieldIR, database: ProjectIR['database']): string {
  if (field.encrypted) {
    return 'TEXT';
  }
  return database === 'sqlite' ? sqliteType(field) : postgresType(field);
}

function sqliteType(field: FieldIR): string {
  return field.type === 'integer' || field.type === 'boolean' ? 'INTEGER' : 'TEXT';
}

function postgresType(field: FieldIR): string {
  switch (field.type) {
    case 'uuid':
      return 'UUID';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      // NUMERIC without a precision keeps the scale it is given, so `1.50` reads back as `1.50`.
      return 'NUMERIC';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMPTZ';
    case 'json':
      return 'JSONB';
    default:
      return 'TEXT';
  }
}
