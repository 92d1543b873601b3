import type { ValueType } from '../phi/value-type.js';
import type { ReencryptTarget } from './reencrypt-target.js';

const valueTypes: ReadonlySet<ValueType> = new Set([
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'json',
]);

/**
 * Checks that a target names its table and columns, lists each encrypted column once with a
 * known value type, and does not list the primary key as encrypted. Throws TypeError otherwise.
 */
export function checkReencryptTarget(target: ReencryptTarget): void {
  if (typeof target.table !== 'string' || target.table === '') {
    throw new TypeError('re-encryption target: table must be a non-empty string');
  }
  const primaryKey = target.primaryKey.column;
  if (typeof primaryKey !== 'string' || primaryKey === '') {
    throw new TypeError(`${target.table}: primaryKey.column must be a non-empty string`);
  }

  const seen = new Set<string>();
  for (const { column, valueType } of target.columns) {
    if (typeof column !== 'string' || column === '') {
      throw new TypeError(`${target.table}: every encrypted column needs a non-empty name`);
    }
    if (column === primaryKey) {
      throw new TypeError(`${target.table}.${column}: the primary key cannot be an encrypted column`);
    }
    if (seen.has(column)) {
      throw new TypeError(`${target.table}.${column}: listed twice`);
    }
    if (!valueTypes.has(valueType)) {
      throw new TypeError(`${target.table}.${column}: unknown value type ${JSON.stringify(valueType)}`);
    }
    seen.add(column);
  }
}
