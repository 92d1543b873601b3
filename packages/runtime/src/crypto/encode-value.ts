import { AlreadyEncryptedError } from '../errors/already-encrypted-error.js';
import { ValueTypeError } from '../errors/value-type-error.js';
import type { ValueType } from '../phi/value-type.js';
import type { BlindIndexTarget } from './blind-index-target.js';
import { findJsonProblem } from './find-json-problem.js';
import { isCalendarDate } from './is-calendar-date.js';
import { isDecimal } from './is-decimal.js';
import { isEnvelope } from './is-envelope.js';
import { isWellFormedString } from './is-well-formed-string.js';
import { valueTags } from './value-tag.js';

/**
 * Encodes a value as plaintext bytes: one tag byte naming the type, then the value.
 *
 * - string, json: UTF-8 (json as `JSON.stringify` output)
 * - decimal, date: ASCII digits as given
 * - integer: IEEE 754 double, big-endian, 8 bytes. The width is fixed, so the ciphertext
 *   length does not reveal the magnitude.
 * - boolean: one byte, 0 or 1
 * - datetime: milliseconds since the Unix epoch as a big-endian double, 8 bytes
 *
 * Throws ValueTypeError when the value is not valid for its type, and AlreadyEncryptedError when
 * a string is already an envelope.
 */
export function encodeValue(type: ValueType, value: unknown, where: BlindIndexTarget): Buffer {
  switch (type) {
    case 'string':
      return encodeString(value, where);
    case 'integer':
      return encodeInteger(value, where);
    case 'decimal':
      return encodeDecimal(value, where);
    case 'boolean':
      return encodeBoolean(value, where);
    case 'date':
      return encodeDate(value, where);
    case 'datetime':
      return encodeDateTime(value, where);
    case 'json':
      return encodeJson(value, where);
    default:
      throw new TypeError(`unknown value type "${String(type)}"`);
  }
}

function encodeString(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value !== 'string') {
    throw mismatch('string', `got ${describeType(value)}`, where);
  }
  rejectEnvelope(value, where);
  if (!isWellFormedString(value)) {
    throw mismatch('string', 'contains a lone UTF-16 surrogate, which UTF-8 cannot store', where);
  }
  return encodeText(valueTags.string, value);
}

function encodeInteger(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw mismatch('integer', 'not a safe integer (|n| <= 2^53 - 1)', where);
  }
  const plaintext = Buffer.allocUnsafe(9);
  plaintext[0] = valueTags.integer;
  // `value === 0` also holds for -0, which is stored as 0 because integer columns have no -0.
  plaintext.writeDoubleBE(value === 0 ? 0 : value, 1);
  return plaintext;
}

function encodeDecimal(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value !== 'string' || !isDecimal(value)) {
    throw mismatch('decimal', 'not a decimal string such as "-12.50"', where);
  }
  return encodeText(valueTags.decimal, value);
}

function encodeBoolean(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value !== 'boolean') {
    throw mismatch('boolean', `got ${describeType(value)}`, where);
  }
  return Buffer.from([valueTags.boolean, value ? 1 : 0]);
}

function encodeDate(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw mismatch('date', 'not a calendar date written as YYYY-MM-DD', where);
  }
  return encodeText(valueTags.date, value);
}

function encodeDateTime(value: unknown, where: BlindIndexTarget): Buffer {
  if (!(value instanceof Date)) {
    throw mismatch('datetime', `got ${describeType(value)} instead of a Date`, where);
  }
  const time = value.getTime();
  if (Number.isNaN(time)) {
    throw mismatch('datetime', 'the Date is invalid', where);
  }
  const plaintext = Buffer.allocUnsafe(9);
  plaintext[0] = valueTags.datetime;
  plaintext.writeDoubleBE(time, 1);
  return plaintext;
}

function encodeJson(value: unknown, where: BlindIndexTarget): Buffer {
  if (typeof value === 'string') {
    rejectEnvelope(value, where);
  }
  const problem = findJsonProblem(value);
  if (problem !== undefined) {
    throw mismatch('json', problem, where);
  }
  return encodeText(valueTags.json, JSON.stringify(value));
}

function encodeText(tag: number, text: string): Buffer {
  const plaintext = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
  plaintext[0] = tag;
  plaintext.write(text, 1, 'utf8');
  return plaintext;
}

function rejectEnvelope(value: string, where: BlindIndexTarget): void {
  // Surrounding whitespace (a copied value with a trailing newline) does not hide an envelope.
  if (isEnvelope(value) || (value.includes('hspec:v1:') && isEnvelope(value.trim()))) {
    throw new AlreadyEncryptedError({ table: where.table, column: where.column });
  }
}

/** Names the JavaScript type of a value for a message, such as `an object`, never the value. */
function describeType(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function mismatch(expected: ValueType, reason: string, where: BlindIndexTarget): ValueTypeError {
  return new ValueTypeError({ expected, reason, table: where.table, column: where.column });
}
