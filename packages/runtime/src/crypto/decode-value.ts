import { EnvelopeFormatError } from '../errors/envelope-format-error.js';
import { ValueTypeError } from '../errors/value-type-error.js';
import type { ValueType, ValueTypes } from '../phi/value-type.js';
import type { BlindIndexTarget } from './blind-index-target.js';
import { isCalendarDate } from './is-calendar-date.js';
import { isDecimal } from './is-decimal.js';
import { valueTypeOfTag } from './value-tag.js';

/** Location and key id of a decrypted value, for error messages. */
export interface DecodeSource extends BlindIndexTarget {
  readonly keyId: string;
}

/**
 * Decodes authenticated plaintext bytes written by `encodeValue`. Throws ValueTypeError when
 * they contain another type than `expected`. Throws EnvelopeFormatError when they are not a
 * valid encoding, which can only happen if another program wrote them with a valid key.
 */
export function decodeValue(
  expected: ValueType,
  plaintext: Buffer,
  source: DecodeSource,
): ValueTypes[ValueType] {
  const actual = valueTypeOfTag(plaintext[0]);
  if (actual === undefined) {
    throw invalid('the value-type tag is unknown', source);
  }
  if (actual !== expected) {
    throw new ValueTypeError({
      expected,
      actual,
      reason: `the envelope contains a ${actual} value`,
      table: source.table,
      column: source.column,
    });
  }

  switch (actual) {
    case 'string':
      return plaintext.toString('utf8', 1);
    case 'integer':
      return decodeInteger(plaintext, source);
    case 'decimal':
      return decodeChecked(plaintext, isDecimal, source);
    case 'boolean':
      return decodeBoolean(plaintext, source);
    case 'date':
      return decodeChecked(plaintext, isCalendarDate, source);
    case 'datetime':
      return decodeDateTime(plaintext, source);
    case 'json':
      return decodeJson(plaintext, source);
  }
}

function decodeJson(plaintext: Buffer, source: DecodeSource): ValueTypes['json'] {
  try {
    return JSON.parse(plaintext.toString('utf8', 1)) as ValueTypes['json'];
  } catch {
    // V8's SyntaxError message quotes the text, which is the decrypted value, so it is dropped.
    throw invalid('the stored JSON value is not valid JSON', source);
  }
}

function decodeInteger(plaintext: Buffer, source: DecodeSource): number {
  if (plaintext.length !== 9) {
    throw invalid('an integer value must be 8 bytes', source);
  }
  const value = plaintext.readDoubleBE(1);
  if (!Number.isSafeInteger(value)) {
    throw invalid('the integer value is not a safe integer', source);
  }
  return value;
}

function decodeBoolean(plaintext: Buffer, source: DecodeSource): boolean {
  if (plaintext.length !== 2 || (plaintext[1] !== 0 && plaintext[1] !== 1)) {
    throw invalid('a boolean value must be one byte, 0 or 1', source);
  }
  return plaintext[1] === 1;
}

function decodeDateTime(plaintext: Buffer, source: DecodeSource): Date {
  if (plaintext.length !== 9) {
    throw invalid('a datetime value must be 8 bytes', source);
  }
  const date = new Date(plaintext.readDoubleBE(1));
  if (Number.isNaN(date.getTime())) {
    throw invalid('the datetime value is out of range', source);
  }
  return date;
}

function decodeChecked(
  plaintext: Buffer,
  isValid: (text: string) => boolean,
  source: DecodeSource,
): string {
  const text = plaintext.toString('latin1', 1);
  if (!isValid(text)) {
    throw invalid('the stored text does not match its value type', source);
  }
  return text;
}

function invalid(reason: string, source: DecodeSource): EnvelopeFormatError {
  return new EnvelopeFormatError({
    reason,
    table: source.table,
    column: source.column,
    keyId: source.keyId,
  });
}
