import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, Keyring } from '../src/index.js';
import { keyMaterial, keyringData } from './keyring-fixture.js';

// These tests rebuild the formats from the description in docs/encryption.md with plain
// node:crypto, so a change to the code that the documentation does not follow fails here.

const fieldKey = keyMaterial('k20261204-3fa9c2d1');
const blindIndexKey = keyMaterial('b20261204-8e01b7aa');
const cipher = new FieldCipher(Keyring.from(keyringData([fieldKey], blindIndexKey)));

function lengthPrefixed(parts: readonly string[]): Buffer {
  const chunks = parts.map((part) => {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  });
  return Buffer.concat(chunks);
}

describe('documented envelope format', () => {
  it('decrypts with plain AES-256-GCM', () => {
    const context = { table: 'patients', column: 'ssn', primaryKey: 'patient-1' };
    const envelope = cipher.encrypt('string', '123-45-6789', context);
    const [prefix, version, keyId, payloadText] = envelope.split(':');
    const payload = Buffer.from(payloadText ?? '', 'base64url');

    const decipher = createDecipheriv(
      'aes-256-gcm',
      fieldKey.key,
      payload.subarray(0, 12),
      { authTagLength: 16 },
    );
    decipher.setAAD(lengthPrefixed(['hspec:v1', fieldKey.id, 'patients', 'ssn', 'patient-1']));
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    const plaintext = Buffer.concat([
      decipher.update(payload.subarray(12, payload.length - 16)),
      decipher.final(),
    ]);

    expect([prefix, version, keyId]).toEqual(['hspec', 'v1', fieldKey.id]);
    expect(payload.length).toBe(12 + 12 + 16);
    expect(payloadText).toHaveLength(54);
    expect(plaintext[0]).toBe(0x01);
    expect(plaintext.subarray(1).toString('utf8')).toBe('123-45-6789');
  });

  const tagCases = [
    { type: 'integer', value: -7, tag: 0x02, bytes: 8 },
    { type: 'decimal', value: '1.50', tag: 0x03, bytes: 4 },
    { type: 'boolean', value: true, tag: 0x04, bytes: 1 },
    { type: 'date', value: '2024-02-29', tag: 0x05, bytes: 10 },
    { type: 'datetime', value: new Date(0), tag: 0x06, bytes: 8 },
    { type: 'json', value: { a: 1 }, tag: 0x07, bytes: 7 },
  ] as const;

  it.each(tagCases)('$type has tag byte $tag', ({ type, value, tag, bytes }) => {
    const context = { table: 't', column: 'c', primaryKey: '1' };
    const envelope = cipher.encrypt(type, value as never, context);
    const payload = Buffer.from(envelope.split(':')[3] ?? '', 'base64url');

    const decipher = createDecipheriv('aes-256-gcm', fieldKey.key, payload.subarray(0, 12));
    decipher.setAAD(lengthPrefixed(['hspec:v1', fieldKey.id, 't', 'c', '1']));
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    const plaintext = decipher.update(payload.subarray(12, payload.length - 16));
    decipher.final();

    expect(plaintext[0]).toBe(tag);
    expect(plaintext.length - 1).toBe(bytes);
  });
});

describe('documented blind-index derivation', () => {
  it('matches HKDF-SHA256 then HMAC-SHA256', () => {
    const info = lengthPrefixed(['hspec:v1:blind-index', 'patients', 'family_name']);
    const columnKey = Buffer.from(hkdfSync('sha256', blindIndexKey.key, Buffer.alloc(0), info, 32));
    const expected = createHmac('sha256', columnKey).update('strasse', 'utf8').digest('base64url');

    const index = cipher.blindIndex('  STRAẞE ', { table: 'patients', column: 'family_name' });

    expect(index).toBe(expected);
  });
});
