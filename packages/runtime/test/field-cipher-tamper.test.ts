import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAssociatedData } from '../src/crypto/build-associated-data.js';
import {
  AlreadyEncryptedError,
  DecryptError,
  EnvelopeFormatError,
  FieldCipher,
  FieldContextError,
  KeyNotFoundError,
  Keyring,
  ValueTypeError,
  type FieldContext,
  type HspecRuntimeError,
  type ValueType,
} from '../src/index.js';
import { caught, keyMaterial, keyringData } from './keyring-fixture.js';

const k1 = keyMaterial('k1');
const k2 = keyMaterial('k2');
const twinOfK1 = keyMaterial('k1-twin', k1.key);
const blindIndexKey = keyMaterial('b1');
const keyring = Keyring.from(keyringData([k1, k2, twinOfK1], blindIndexKey));
const cipher = new FieldCipher(keyring);

const context: FieldContext = { table: 'patients', column: 'ssn', primaryKey: 'patient-1' };
const plaintext = '123-45-6789';
const envelope = cipher.encrypt('string', plaintext, context);

function payloadOf(text: string): Buffer {
  return Buffer.from(text.slice(text.lastIndexOf(':') + 1), 'base64url');
}

function withPayload(bytes: Buffer, keyId = 'k1'): string {
  return `hspec:v1:${keyId}:${bytes.toString('base64url')}`;
}

function flipBit(text: string, byteIndex: (length: number) => number): string {
  const bytes = payloadOf(text);
  const index = byteIndex(bytes.length);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return withPayload(bytes);
}

interface TamperCase {
  readonly name: string;
  readonly envelope: string;
  readonly context?: FieldContext;
  readonly cipher?: FieldCipher;
  readonly error: new (...args: never[]) => HspecRuntimeError;
  readonly code: string;
}

const keyringWithOtherK1 = Keyring.from(keyringData([keyMaterial('k1')], blindIndexKey));
const cipherWithOtherK1 = new FieldCipher(keyringWithOtherK1);
const validPayload = envelope.slice('hspec:v1:k1:'.length);

const tamperCases: readonly TamperCase[] = [
  {
    name: 'flipped bit in the nonce',
    envelope: flipBit(envelope, () => 0),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'flipped bit in the ciphertext',
    envelope: flipBit(envelope, () => 12),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'flipped bit in the tag',
    envelope: flipBit(envelope, (length) => length - 1),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'copied ciphertext read in another row',
    envelope,
    context: { ...context, primaryKey: 'patient-2' },
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'ciphertext moved to another column',
    envelope,
    context: { ...context, column: 'mrn' },
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'ciphertext moved to another table',
    envelope,
    context: { ...context, table: 'contacts' },
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'key id edited to another key',
    envelope: envelope.replace(':k1:', ':k2:'),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'key id edited to a key with the same bytes',
    envelope: envelope.replace(':k1:', ':k1-twin:'),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'key id edited to an unknown key',
    envelope: envelope.replace(':k1:', ':k9:'),
    error: KeyNotFoundError,
    code: 'crypto.key-not-found',
  },
  {
    name: 'wrong key bytes under the same id',
    envelope,
    cipher: cipherWithOtherK1,
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'last 3 bytes cut off',
    envelope: withPayload(payloadOf(envelope).subarray(0, -3)),
    error: DecryptError,
    code: 'crypto.decrypt-failed',
  },
  {
    name: 'tag cut off',
    envelope: withPayload(payloadOf(envelope).subarray(0, -16)),
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'payload cut to 10 characters',
    envelope: envelope.slice(0, 'hspec:v1:k1:'.length + 10),
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'payload length impossible for base64',
    envelope: `${envelope}AAA`,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'plain text instead of an envelope',
    envelope: plaintext,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'empty string',
    envelope: '',
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'prefix only',
    envelope: 'hspec:v1:',
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'missing payload separator',
    envelope: 'hspec:v1:k1',
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'future format version',
    envelope: envelope.replace('hspec:v1:', 'hspec:v2:'),
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'invalid key id',
    envelope: envelope.replace(':k1:', ':-k1:'),
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'character outside base64url in the payload',
    envelope: `hspec:v1:k1:${validPayload.slice(0, 10)}$${validPayload.slice(11)}`,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'dot in the payload',
    envelope: `hspec:v1:k1:${validPayload.slice(0, 10)}.${validPayload.slice(11)}`,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'standard-alphabet plus in the payload',
    envelope: withPayload(Buffer.alloc(40, 0xfb)).replaceAll('-', '+'),
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'padding added to the payload',
    envelope: `${withPayload(Buffer.alloc(40, 7))}==`,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
  {
    name: 'white space in the payload',
    envelope: `hspec:v1:k1:${validPayload.slice(0, 8)} ${validPayload.slice(9)}`,
    error: EnvelopeFormatError,
    code: 'crypto.envelope-invalid',
  },
];

describe('tampered envelopes never decrypt', () => {
  it.each(tamperCases)('$name raises $code', (tamperCase) => {
    const reader = tamperCase.cipher ?? cipher;

    const readContext = tamperCase.context ?? context;

    const error = caught(() => reader.decrypt('string', tamperCase.envelope, readContext));

    expect(error).toBeInstanceOf(tamperCase.error);
    expect((error as HspecRuntimeError).code).toBe(tamperCase.code);
  });

  it('swapped values of two rows both fail', () => {
    const secondRow = { ...context, primaryKey: 'patient-2' };
    const secondEnvelope = cipher.encrypt('string', '987-65-4321', secondRow);

    const firstError = caught(() => cipher.decrypt('string', secondEnvelope, context));
    const secondError = caught(() => cipher.decrypt('string', envelope, secondRow));

    expect(firstError).toBeInstanceOf(DecryptError);
    expect(secondError).toBeInstanceOf(DecryptError);
  });

  it('envelope cut at any character never decrypts', () => {
    for (let cut = 1; cut < envelope.length; cut += 1) {
      const error = caught(() => cipher.decrypt('string', envelope.slice(0, -cut), context));

      expect([DecryptError, EnvelopeFormatError]).toContain((error as Error).constructor);
    }
  });

  it('non-canonical last character is rejected', () => {
    // 41 bytes encode to 55 characters, so the last character carries 2 unused bits. The edit
    // sets one of them.
    const text = withPayload(Buffer.alloc(41, 0));
    const edited = `${text.slice(0, -1)}B`;

    expect(payloadOf(edited)).toEqual(payloadOf(text));
    const error = caught(() => cipher.decrypt('string', edited, context));
    expect(error).toBeInstanceOf(EnvelopeFormatError);
  });

  it('decrypt error names table, column and key id', () => {
    const otherRow = { ...context, primaryKey: 'patient-2' };

    const error = caught(() => cipher.decrypt('string', envelope, otherRow));

    expect(error).toMatchObject({ table: 'patients', column: 'ssn', keyId: 'k1' });
  });

  it('unknown key error names the key id', () => {
    const error = caught(() => cipher.decrypt('string', envelope.replace(':k1:', ':k9:'), context));

    expect(error).toMatchObject({
      code: 'crypto.key-not-found',
      keyId: 'k9',
      table: 'patients',
      column: 'ssn',
    });
  });

  it('keyIdOf rejects a malformed envelope', () => {
    const error = caught(() => cipher.keyIdOf(`hspec:v1:k1:${'$'.repeat(44)}`));

    expect(error).toBeInstanceOf(EnvelopeFormatError);
  });
});

describe('values are never encrypted twice', () => {
  it('encrypting an envelope raises AlreadyEncryptedError', () => {
    const error = caught(() => cipher.encrypt('string', envelope, context));

    expect(error).toBeInstanceOf(AlreadyEncryptedError);
    expect(error).toMatchObject({
      code: 'crypto.already-encrypted',
      table: 'patients',
      column: 'ssn',
    });
  });

  it('an envelope of another field is rejected too', () => {
    const noteContext = { table: 'notes', column: 'body', primaryKey: '9' };
    const other = cipher.encrypt('string', 'x', noteContext);

    const error = caught(() => cipher.encryptNullable('string', other, context));
    expect(error).toBeInstanceOf(AlreadyEncryptedError);
  });

  it('an envelope with surrounding whitespace is rejected', () => {
    const error = caught(() => cipher.encrypt('string', ` ${envelope}\n`, context));
    expect(error).toBeInstanceOf(AlreadyEncryptedError);
  });

  it('an envelope as a JSON value is rejected', () => {
    const error = caught(() => cipher.encrypt('json', envelope, context));
    expect(error).toBeInstanceOf(AlreadyEncryptedError);
  });
});

interface RejectedValueCase {
  readonly name: string;
  readonly type: ValueType;
  readonly value: unknown;
}

function cyclic(): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  object['self'] = object;
  return object;
}

const rejectedValueCases: readonly RejectedValueCase[] = [
  { name: 'number as string', type: 'string', value: 42 },
  { name: 'lone surrogate', type: 'string', value: 'broken \uD800 pair' },
  { name: 'fraction as integer', type: 'integer', value: 1.5 },
  { name: 'NaN as integer', type: 'integer', value: Number.NaN },
  { name: 'Infinity as integer', type: 'integer', value: Number.POSITIVE_INFINITY },
  { name: 'unsafe integer', type: 'integer', value: 2 ** 53 },
  { name: 'digit string as integer', type: 'integer', value: '5' },
  { name: 'decimal with exponent', type: 'decimal', value: '1e5' },
  { name: 'decimal with plus sign', type: 'decimal', value: '+1.5' },
  { name: 'decimal with leading zero', type: 'decimal', value: '01.5' },
  { name: 'decimal ending in a point', type: 'decimal', value: '1.' },
  { name: 'decimal starting with a point', type: 'decimal', value: '.5' },
  { name: 'empty decimal', type: 'decimal', value: '' },
  { name: 'number as decimal', type: 'decimal', value: 1.5 },
  { name: 'string as boolean', type: 'boolean', value: 'true' },
  { name: 'February 29 of a common year', type: 'date', value: '2023-02-29' },
  { name: 'February 29 of 1900', type: 'date', value: '1900-02-29' },
  { name: 'April 31', type: 'date', value: '2024-04-31' },
  { name: 'month 13', type: 'date', value: '2024-13-01' },
  { name: 'day zero', type: 'date', value: '2024-01-00' },
  { name: 'date without leading zeros', type: 'date', value: '2024-1-1' },
  { name: 'date with a time', type: 'date', value: '2024-01-01T00:00:00Z' },
  { name: 'Date object as date', type: 'date', value: new Date() },
  { name: 'invalid Date', type: 'datetime', value: new Date('not a date') },
  { name: 'timestamp number as datetime', type: 'datetime', value: 1_700_000_000_000 },
  { name: 'ISO string as datetime', type: 'datetime', value: '2026-12-04T10:00:00Z' },
  { name: 'undefined as JSON', type: 'json', value: undefined },
  { name: 'JSON with NaN', type: 'json', value: { pulse: Number.NaN } },
  { name: 'JSON with undefined property', type: 'json', value: { pulse: undefined } },
  { name: 'JSON with a function', type: 'json', value: { run: () => 1 } },
  { name: 'JSON with a Date', type: 'json', value: { at: new Date() } },
  { name: 'JSON with a Map', type: 'json', value: new Map() },
  { name: 'JSON with a bigint', type: 'json', value: [1n] },
  { name: 'JSON with an array hole', type: 'json', value: [1, , 3] },
  { name: 'JSON with a cycle', type: 'json', value: cyclic() },
];

describe('invalid values are rejected before encryption', () => {
  it.each(rejectedValueCases)('$type: $name', ({ type, value }) => {
    const error = caught(() => cipher.encrypt(type, value as never, context));

    expect(error).toBeInstanceOf(ValueTypeError);
    expect(error).toMatchObject({
      code: 'value.type-mismatch',
      expected: type,
      table: 'patients',
      column: 'ssn',
    });
  });

  it('unknown value type raises TypeError', () => {
    const error = caught(() => cipher.encrypt('uuid' as ValueType, 'x', context));
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('a value decrypts only as the type it was written as', () => {
  const typeCases: readonly { written: ValueType; value: unknown; read: ValueType }[] = [
    { written: 'string', value: '42', read: 'integer' },
    { written: 'integer', value: 42, read: 'string' },
    { written: 'decimal', value: '1.50', read: 'string' },
    { written: 'date', value: '2024-02-29', read: 'datetime' },
    { written: 'datetime', value: new Date(0), read: 'integer' },
    { written: 'boolean', value: true, read: 'json' },
    { written: 'json', value: 'text', read: 'string' },
  ];

  it.each(typeCases)('$written read as $read raises ValueTypeError', ({ written, value, read }) => {
    const stored = cipher.encrypt(written, value as never, context);

    const error = caught(() => cipher.decrypt(read, stored, context));

    expect(error).toBeInstanceOf(ValueTypeError);
    expect(error).toMatchObject({ code: 'value.type-mismatch', expected: read, actual: written });
  });
});

describe('field context', () => {
  const contextCases: readonly { name: string; context: FieldContext }[] = [
    { name: 'empty primary key', context: { ...context, primaryKey: '' } },
    { name: 'empty table', context: { ...context, table: '' } },
    { name: 'empty column', context: { ...context, column: '' } },
    { name: 'numeric primary key', context: { ...context, primaryKey: 7 as unknown as string } },
    { name: 'primary key with a lone surrogate', context: { ...context, primaryKey: 'a\uD800' } },
  ];

  it.each(contextCases)('$name is rejected on encrypt', ({ context: badContext }) => {
    const error = caught(() => cipher.encrypt('string', 'x', badContext));

    expect(error).toBeInstanceOf(FieldContextError);
    expect((error as FieldContextError).code).toBe('crypto.context-invalid');
  });

  it.each(contextCases)('$name is rejected on decrypt', ({ context: badContext }) => {
    const error = caught(() => cipher.decrypt('string', envelope, badContext));
    expect(error).toBeInstanceOf(FieldContextError);
  });
});

describe('authenticated plaintext that hspec did not write', () => {
  /** Encrypts raw plaintext bytes under k1 the way FieldCipher does, bypassing its encoder. */
  function sealForeign(plaintextBytes: Buffer): string {
    const nonce = randomBytes(12);
    const aes = createCipheriv('aes-256-gcm', k1.key, nonce, { authTagLength: 16 });
    aes.setAAD(buildAssociatedData('k1', context));
    const ciphertext = Buffer.concat([aes.update(plaintextBytes), aes.final()]);
    return withPayload(Buffer.concat([nonce, ciphertext, aes.getAuthTag()]));
  }

  const foreignCases: readonly { name: string; plaintext: Buffer; type: ValueType }[] = [
    { name: 'unknown value-type tag', plaintext: Buffer.from([0x7f, 0x41]), type: 'string' },
    { name: 'invalid JSON', plaintext: Buffer.from('\u0007{"ssn": 078-05', 'latin1'), type: 'json' },
    { name: 'integer of 4 bytes', plaintext: Buffer.from([0x02, 0, 0, 0, 1]), type: 'integer' },
    { name: 'boolean byte of 2', plaintext: Buffer.from([0x04, 0x02]), type: 'boolean' },
    { name: 'date that does not exist', plaintext: Buffer.from('\u00052023-02-29'), type: 'date' },
  ];

  it.each(foreignCases)('$name raises EnvelopeFormatError', ({ plaintext: bytes, type }) => {
    const error = caught(() => cipher.decrypt(type, sealForeign(bytes), context));

    expect(error).toBeInstanceOf(EnvelopeFormatError);
    expect((error as Error).message).not.toContain('078-05');
  });

  it('a foreign string decrypts like one hspec wrote', () => {
    const foreign = sealForeign(Buffer.from('\u0001Jane Doe'));

    expect(cipher.decrypt('string', foreign, context)).toBe('Jane Doe');
  });
});
