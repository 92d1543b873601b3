import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AlreadyEncryptedError,
  DecryptError,
  EnvelopeFormatError,
  FieldCipher,
  FieldContextError,
  FieldValidationError,
  HspecRuntimeError,
  KeyNotFoundError,
  Keyring,
  KeyringError,
  parseKeyring,
  ValueTypeError,
  type FieldContext,
} from '../src/index.js';
import { caught, keyMaterial, keyringData } from './keyring-fixture.js';

describe('error classes', () => {
  const classCases = [
    {
      error: new DecryptError({ table: 't', column: 'c', keyId: 'k1' }),
      type: DecryptError,
      code: 'crypto.decrypt-failed',
    },
    {
      error: new EnvelopeFormatError({ reason: 'r' }),
      type: EnvelopeFormatError,
      code: 'crypto.envelope-invalid',
    },
    {
      error: new KeyNotFoundError({ keyId: 'k1' }),
      type: KeyNotFoundError,
      code: 'crypto.key-not-found',
    },
    {
      error: new AlreadyEncryptedError({ table: 't', column: 'c' }),
      type: AlreadyEncryptedError,
      code: 'crypto.already-encrypted',
    },
    {
      error: new ValueTypeError({ expected: 'date', reason: 'r' }),
      type: ValueTypeError,
      code: 'value.type-mismatch',
    },
    {
      error: new FieldValidationError({ model: 'Patient', field: 'ssn', rule: 'pattern' }),
      type: FieldValidationError,
      code: 'field.invalid',
    },
    {
      error: new KeyringError({ source: 'keyring.json', problems: ['p'] }),
      type: KeyringError,
      code: 'keyring.invalid',
    },
    {
      error: new FieldContextError({ table: 't', column: 'c', reason: 'r' }),
      type: FieldContextError,
      code: 'crypto.context-invalid',
    },
  ];

  it.each(classCases)('$code is a named HspecRuntimeError', ({ error, type, code }) => {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(HspecRuntimeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(type.name);
  });
});

describe('FieldValidationError', () => {
  it('names model, field and rule', () => {
    const error = new FieldValidationError({ model: 'Patient', field: 'ssn', rule: 'pattern' });

    expect(error).toMatchObject({ model: 'Patient', field: 'ssn', rule: 'pattern' });
    expect(error.message).toBe(
      'Patient.ssn: value does not match the pattern of the spec (rule "pattern")',
    );
  });

  it('positional form matches the object form', () => {
    const details = {
      model: 'Patient',
      field: 'sex',
      rule: 'enum',
      expected: 'one of female, male',
    } as const;

    const positional = new FieldValidationError('Patient', 'sex', 'enum', 'one of female, male');
    const object = new FieldValidationError(details);

    expect(positional.message).toBe(object.message);
    expect(positional).toMatchObject(details);
  });

  const ruleCases = [
    { rule: 'required', text: 'value is required' },
    { rule: 'pattern', text: 'does not match the pattern' },
    { rule: 'type', text: 'wrong type' },
    { rule: 'enum', text: 'not one of the allowed values' },
  ] as const;

  it.each(ruleCases)('rule $rule explains itself', ({ rule, text }) => {
    const error = new FieldValidationError({ model: 'Encounter', field: 'reason', rule });

    expect(error.message).toContain(text);
  });
});

describe('errors never reveal values or keys', () => {
  const plaintext = 'SSN 078-05-1120 Ω';
  const keyBytes = randomBytes(32);
  const blindKeyBytes = randomBytes(32);
  const secrets = [
    plaintext,
    '078-05-1120',
    keyBytes.toString('base64'),
    keyBytes.toString('base64url'),
    keyBytes.toString('hex'),
    blindKeyBytes.toString('base64'),
  ];

  const keyring = Keyring.from(
    keyringData([keyMaterial('k1', keyBytes)], keyMaterial('b1', blindKeyBytes)),
  );
  const cipher = new FieldCipher(keyring);
  const context: FieldContext = { table: 'patients', column: 'ssn', primaryKey: 'patient-1' };
  const envelope = cipher.encrypt('string', plaintext, context);
  const keyringJson = JSON.stringify({
    version: 1,
    activeKeyId: 'k2',
    keys: [{ id: 'k1', key: keyBytes.toString('base64') }],
    blindIndexKey: { id: 'b1', key: blindKeyBytes.toString('base64') },
  });

  const failures: readonly { name: string; action: () => unknown }[] = [
    {
      name: 'decrypt in another row',
      action: () => cipher.decrypt('string', envelope, { ...context, primaryKey: 'p2' }),
    },
    { name: 'decrypt as another type', action: () => cipher.decrypt('integer', envelope, context) },
    { name: 'decrypt plaintext', action: () => cipher.decrypt('string', plaintext, context) },
    {
      name: 'decrypt under an unknown key',
      action: () => cipher.decrypt('string', envelope.replace(':k1:', ':k2:'), context),
    },
    { name: 'encrypt an envelope', action: () => cipher.encrypt('string', envelope, context) },
    { name: 'encrypt text as a date', action: () => cipher.encrypt('date', plaintext, context) },
    {
      name: 'encrypt text as a decimal',
      action: () => cipher.encrypt('decimal', plaintext, context),
    },
    {
      name: 'encrypt text as an integer',
      action: () => cipher.encrypt('integer', plaintext as never, context),
    },
    {
      name: 'encrypt with the value as primary key',
      action: () => cipher.encrypt('string', plaintext, { ...context, primaryKey: '' }),
    },
    { name: 'keyIdOf plaintext', action: () => cipher.keyIdOf(plaintext) },
    {
      name: 'parse a keyring with a missing active key',
      action: () => parseKeyring(keyringJson, 'keyring.json'),
    },
    {
      name: 'parse truncated keyring JSON',
      action: () => parseKeyring(keyringJson.slice(0, 70), 'keyring.json'),
    },
    {
      name: 'parse a keyring with a key as id',
      action: () => {
        const json = keyringJson.replace('"k2"', `"${keyBytes.toString('base64')}"`);
        return parseKeyring(json, 'keyring.json');
      },
    },
  ];

  it.each(failures)('$name', ({ action }) => {
    const error = caught(action);
    const exposed = [
      (error as Error).message,
      (error as Error).stack ?? '',
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
    ].join('\n');

    expect(error).toBeInstanceOf(HspecRuntimeError);
    for (const secret of secrets) {
      expect(exposed).not.toContain(secret);
    }
  });

  it('keyring does not print its keys', () => {
    const inspected = inspect(keyring, { depth: 5, showHidden: true });
    const printed = `${inspected} ${JSON.stringify(keyring)}`;

    for (const secret of secrets) {
      expect(printed).not.toContain(secret);
    }
  });

  it('cipher does not print its keys', () => {
    const inspected = inspect(cipher, { depth: 5, showHidden: true });
    const printed = `${inspected} ${JSON.stringify(cipher)}`;

    for (const secret of secrets) {
      expect(printed).not.toContain(secret);
    }
  });
});

it('decrypt error for a garbage string keeps the message structural', () => {
  const cipher = new FieldCipher(Keyring.from(keyringData([keyMaterial('k1')])));

  const context = { table: 't', column: 'c', primaryKey: '1' };

  const error = caught(() => cipher.decrypt('string', 'Jane Doe', context));

  expect((error as Error).message).toBe('t.c: invalid envelope: does not start with "hspec:v1:"');
});
