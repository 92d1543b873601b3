import type { FieldCipher } from '../crypto/field-cipher.js';
import type { FieldContext } from '../crypto/field-context.js';
import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';
import type { Envelope } from '../phi/envelope.js';
import type { ValueTypes } from '../phi/value-type.js';
import { primaryKeyText } from './primary-key-text.js';
import { ReencryptError } from './reencrypt-error.js';
import type { EncryptedColumn, ReencryptTarget } from './reencrypt-target.js';

/** The new envelopes of one row, for the columns that were not under the active key. */
export interface RowUpdate {
  /** Primary key value as the database returned it, to match the row in the UPDATE. */
  readonly primaryKeyValue: unknown;
  /** Primary key as text, as bound into the associated data. */
  readonly primaryKey: string;
  /** New envelope of each changed column, in target column order. */
  readonly envelopes: ReadonlyMap<string, Envelope>;
  /** Ids of the keys that the replaced envelopes named. */
  readonly previousKeyIds: ReadonlySet<string>;
}

/**
 * Decrypts every value of a row that is not an envelope under the active key, with the row's
 * own table, column and primary key, and encrypts it again under the active key with the same
 * context. Null values and envelopes that already start with `activePrefix` are left alone.
 * Throws ReencryptError naming the column and primary key when a value fails.
 */
export function reencryptRow(
  row: Readonly<Record<string, unknown>>,
  target: ReencryptTarget,
  cipher: FieldCipher,
  activePrefix: string,
): RowUpdate {
  const primaryKeyValue = row[target.primaryKey.column];
  const primaryKey = primaryKeyText(primaryKeyValue);
  if (primaryKey === undefined) {
    throw new ReencryptError({
      table: target.table,
      column: target.primaryKey.column,
      primaryKey: undefined,
      reason: `the primary key is a ${describeType(primaryKeyValue)}, not text or an integer`,
    });
  }

  const envelopes = new Map<string, Envelope>();
  const previousKeyIds = new Set<string>();
  for (const column of target.columns) {
    const stored = row[column.column];
    if (stored === null || stored === undefined) {
      continue;
    }
    if (typeof stored === 'string' && stored.startsWith(activePrefix)) {
      continue;
    }

    const context = { table: target.table, column: column.column, primaryKey };
    envelopes.set(column.column, reencryptValue(stored, column, context, cipher));
    previousKeyIds.add(cipher.keyIdOf(stored as string));
  }
  return { primaryKeyValue, primaryKey, envelopes, previousKeyIds };
}

function reencryptValue(
  stored: unknown,
  column: EncryptedColumn,
  context: FieldContext,
  cipher: FieldCipher,
): Envelope {
  try {
    // decrypt checks the type of a non-string value and reports it as a malformed envelope.
    const value = cipher.decrypt(column.valueType, stored as string, context);
    return cipher.encrypt(column.valueType, value as ValueTypes[typeof column.valueType], context);
  } catch (error) {
    throw new ReencryptError({
      table: context.table,
      column: context.column,
      primaryKey: context.primaryKey,
      reason: describeFailure(error),
      cause: error,
    });
  }
}

/** Describes a cipher error by its message, which never contains a value; others by class. */
function describeFailure(error: unknown): string {
  if (error instanceof HspecRuntimeError) {
    return `${error.message} [${error.code}]`;
  }
  const name = error instanceof Error ? error.name : typeof error;
  return `failed to re-encrypt (${name})`;
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return value instanceof Uint8Array ? 'blob' : typeof value;
}
