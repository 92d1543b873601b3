import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isEnvelope,
  type FieldContext,
  type JsonValue,
  type ValueType,
  type ValueTypes,
} from '../src/index.js';
import { makeCipher } from './keyring-fixture.js';

const cipher = makeCipher();
const context: FieldContext = { table: 'patients', column: 'note', primaryKey: 'patient-1' };

interface RoundTripCase<T extends ValueType> {
  readonly name: string;
  readonly type: T;
  readonly value: ValueTypes[T];
}

function roundTrip<T extends ValueType>(
  name: string,
  type: T,
  value: ValueTypes[T],
): RoundTripCase<ValueType> {
  return { name, type, value } as RoundTripCase<ValueType>;
}

const longNote = 'Chest pain on exertion, resolved with rest. Médication: métoprolol. '.repeat(40);

const roundTripCases: readonly RoundTripCase<ValueType>[] = [
  roundTrip('plain text', 'string', 'Jane Doe'),
  roundTrip('empty string stays empty', 'string', ''),
  roundTrip('NUL characters inside text', 'string', 'a\u0000b\u0000'),
  roundTrip('astral characters', 'string', '𝄞 😀 𠜎 👩🏽‍⚕️'),
  roundTrip('decomposed accents kept as written', 'string', 'Jose\u0301'),
  roundTrip('right-to-left text', 'string', 'مريض'),
  roundTrip('long free-text note', 'string', longNote),
  roundTrip('text that only mentions the prefix', 'string', 'hspec:v1:'),
  roundTrip('zero', 'integer', 0),
  roundTrip('negative integer', 'integer', -42),
  roundTrip('largest safe integer', 'integer', Number.MAX_SAFE_INTEGER),
  roundTrip('smallest safe integer', 'integer', Number.MIN_SAFE_INTEGER),
  roundTrip('decimal keeps trailing zero', 'decimal', '1.50'),
  roundTrip('negative decimal keeps trailing zero', 'decimal', '-12.50'),
  roundTrip('decimal of only zeros', 'decimal', '0.000'),
  roundTrip('decimal beyond double precision', 'decimal', '12345678901234567890.123456789012345'),
  roundTrip('true', 'boolean', true),
  roundTrip('false', 'boolean', false),
  roundTrip('leap day', 'date', '2024-02-29'),
  roundTrip('leap day of a 400th year', 'date', '2000-02-29'),
  roundTrip('first date of year 1', 'date', '0001-01-01'),
  roundTrip('last date of year 9999', 'date', '9999-12-31'),
  roundTrip('datetime with milliseconds', 'datetime', new Date('2026-12-04T10:11:12.345Z')),
  roundTrip('datetime before 1970', 'datetime', new Date('1961-08-04T19:24:00.001Z')),
  roundTrip('Unix epoch', 'datetime', new Date(0)),
  roundTrip('JSON null', 'json', null),
  roundTrip('JSON string', 'json', 'allergies: none'),
  roundTrip('JSON number', 'json', -0.125),
  roundTrip('JSON nested object', 'json', {
    vitals: { bp: [120, 80], pulse: 64 },
    notes: ['ok', null, true],
  }),
  roundTrip('JSON with unicode keys', 'json', { 'naïve 😀': 'ß' }),
  roundTrip('JSON string with a lone surrogate', 'json', 'broken \uD800 pair'),
  roundTrip('JSON empty array', 'json', []),
];

describe('encrypted values come back unchanged', () => {
  it.each(roundTripCases)('$type: $name', ({ type, value }) => {
    const envelope = cipher.encrypt(type, value, context);

    const decrypted = cipher.decrypt(type, envelope, context);

    expect(decrypted).toEqual(value);
    if (value instanceof Date) {
      expect(decrypted).toBeInstanceOf(Date);
      expect((decrypted as Date).getTime()).toBe(value.getTime());
    }
  });

  it.each(roundTripCases)('$type: $name gives an hspec:v1 envelope', ({ type, value }) => {
    const envelope = cipher.encrypt(type, value, context);

    expect(envelope).toMatch(/^hspec:v1:k1:[A-Za-z0-9_-]+$/);
    expect(isEnvelope(envelope)).toBe(true);
  });

  it('negative zero comes back as zero', () => {
    const decrypted = cipher.decrypt('integer', cipher.encrypt('integer', -0, context), context);

    expect(Object.is(decrypted, 0)).toBe(true);
  });

  it('integers of any size give envelopes of one length', () => {
    const small = cipher.encrypt('integer', 1, context);
    const large = cipher.encrypt('integer', Number.MAX_SAFE_INTEGER, context);

    expect(small.length).toBe(large.length);
  });

  it('envelope does not contain the plaintext', () => {
    const envelope = cipher.encrypt('string', 'Jane Doe', context);

    expect(envelope).not.toContain('Jane');
    const payload = Buffer.from(envelope.split(':')[3] ?? '', 'base64url');
    expect(payload.toString('latin1')).not.toContain('Jane');
  });
});

describe('nullable fields', () => {
  it('null encrypts to null', () => {
    expect(cipher.encryptNullable('string', null, context)).toBeNull();
  });

  it('undefined encrypts to null', () => {
    expect(cipher.encryptNullable('date', undefined, context)).toBeNull();
  });

  it('empty string is encrypted, not stored as null', () => {
    const envelope = cipher.encryptNullable('string', '', context);

    expect(envelope).not.toBeNull();
    expect(isEnvelope(envelope)).toBe(true);
    expect(cipher.decryptNullable('string', envelope, context)).toBe('');
  });

  it('false and zero are encrypted, not stored as null', () => {
    const flag = cipher.encryptNullable('boolean', false, context);
    const count = cipher.encryptNullable('integer', 0, context);

    expect(cipher.decryptNullable('boolean', flag, context)).toBe(false);
    expect(cipher.decryptNullable('integer', count, context)).toBe(0);
  });

  it('null decrypts to null', () => {
    expect(cipher.decryptNullable('string', null, context)).toBeNull();
  });

  it('undefined decrypts to null', () => {
    expect(cipher.decryptNullable('json', undefined, context)).toBeNull();
  });

  it('a value round-trips through the nullable variants', () => {
    const envelope = cipher.encryptNullable('decimal', '98.60', context);

    expect(cipher.decryptNullable('decimal', envelope, context)).toBe('98.60');
  });
});

describe('nonces', () => {
  it('same value twice gives different envelopes', () => {
    const first = cipher.encrypt('string', '123-45-6789', context);
    const second = cipher.encrypt('string', '123-45-6789', context);

    expect(first).not.toBe(second);
  });

  it('every envelope gets its own nonce', () => {
    const count = 3000;
    const nonces = new Set<string>();
    for (let index = 0; index < count; index += 1) {
      const envelope = cipher.encrypt('boolean', true, context);
      const payload = Buffer.from(envelope.split(':')[3] ?? '', 'base64url');
      nonces.add(payload.subarray(0, 12).toString('hex'));
    }

    expect(nonces.size).toBe(count);
  });
});

function decryptEncrypted<T extends ValueType>(type: T, value: ValueTypes[T]): ValueTypes[T] {
  return cipher.decrypt(type, cipher.encrypt(type, value, context), context);
}

describe('round-trip properties', () => {
  it('any string round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        expect(decryptEncrypted('string', value)).toBe(value);
      }),
    );
  });

  it('any safe integer round-trips', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(decryptEncrypted('integer', value)).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('any decimal round-trips digit for digit', () => {
    const decimal = fc.stringMatching(/^-?(0|[1-9][0-9]{0,30})(\.[0-9]{1,30})?$/);
    fc.assert(
      fc.property(decimal, (value) => {
        expect(decryptEncrypted('decimal', value)).toBe(value);
      }),
    );
  });

  it('any JSON value round-trips as JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = value as JsonValue;
        expect(JSON.stringify(decryptEncrypted('json', json))).toBe(JSON.stringify(json));
      }),
    );
  });

  it('any primary key keeps the value bound to its row', () => {
    const primaryKey = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(primaryKey, primaryKey, (first, second) => {
        fc.pre(first !== second);
        const envelope = cipher.encrypt('string', 'x', { ...context, primaryKey: first });
        const otherRow = { ...context, primaryKey: second };
        expect(() => cipher.decrypt('string', envelope, otherRow)).toThrow();
      }),
      { numRuns: 50 },
    );
  });
});
