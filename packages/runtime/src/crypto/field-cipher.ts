import { createCipheriv, createDecipheriv, createHmac, type KeyObject } from 'node:crypto';
import { DecryptError } from '../errors/decrypt-error.js';
import { EnvelopeFormatError } from '../errors/envelope-format-error.js';
import { KeyNotFoundError } from '../errors/key-not-found-error.js';
import { ValueTypeError } from '../errors/value-type-error.js';
import type { Keyring } from '../keys/keyring.js';
import type { BlindIndex } from '../phi/blind-index.js';
import type { Envelope } from '../phi/envelope.js';
import type { ValueType, ValueTypes } from '../phi/value-type.js';
import type { BlindIndexTarget } from './blind-index-target.js';
import { buildAssociatedData } from './build-associated-data.js';
import { checkBlindIndexTarget, checkFieldContext } from './check-field-context.js';
import { decodeEnvelopePayload } from './decode-envelope-payload.js';
import { decodeValue } from './decode-value.js';
import { deriveBlindIndexKey } from './derive-blind-index-key.js';
import { encodeValue } from './encode-value.js';
import { envelopeLayout } from './envelope-layout.js';
import type { FieldContext } from './field-context.js';
import { isCanonicalBase64Url } from './is-canonical-base64url.js';
import { isWellFormedString } from './is-well-formed-string.js';
import { nextNonce } from './next-nonce.js';
import { normalizeForLookup } from './normalize-for-lookup.js';
import { splitEnvelope } from './split-envelope.js';

const algorithm = 'aes-256-gcm';
const gcmOptions = { authTagLength: envelopeLayout.tagLength };
const invalidPayload = 'the payload is not canonical unpadded base64url';

/**
 * Encrypts and decrypts PHI field values with AES-256-GCM, and computes blind indexes for
 * equality search. Generated repositories call it on every write and read of an encrypted field.
 *
 * Each value gets a fresh random 96-bit nonce and a 128-bit tag. The envelope names the key that
 * encrypted it and is bound to its table, column and primary key, so it decrypts only in the
 * same place. The plaintext records the value type, so a value comes back with the type it was
 * written as. Errors name tables, columns and key ids, never values or key bytes.
 *
 * @example
 * ```ts
 * const cipher = new FieldCipher(await Keyring.load(new FileKeyProvider('.hspec/keyring.json')));
 * const where = { table: 'patients', column: 'birth_date', primaryKey: patientId };
 *
 * const stored = cipher.encrypt('date', '1984-02-29', where); // 'hspec:v1:k2026…:…'
 * cipher.decrypt('date', stored, where); // '1984-02-29'
 *
 * const index = cipher.blindIndex('Smith', { table: 'patients', column: 'family_name' });
 * ```
 */
export class FieldCipher {
  readonly #keyring: Keyring;
  readonly #activeKeyId: string;
  readonly #activeKey: KeyObject;
  readonly #envelopePrefix: string;
  readonly #blindIndexKeys = new Map<string, Map<string, KeyObject>>();

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
    this.#activeKeyId = keyring.activeKeyId;
    this.#activeKey = keyring.activeKey;
    this.#envelopePrefix = `${envelopeLayout.prefix}${keyring.activeKeyId}:`;
  }

  /**
   * Encrypts a value of the given type under the active key for one field of one row. Throws
   * ValueTypeError when the value is not valid for its type, AlreadyEncryptedError when it is
   * already an envelope, and FieldContextError when a context part is empty or ill-formed.
   */
  encrypt<T extends ValueType>(type: T, value: ValueTypes[T], context: FieldContext): Envelope {
    checkFieldContext(context);
    const plaintext = encodeValue(type, value, context);
    const nonce = nextNonce();

    const cipher = createCipheriv(algorithm, this.#activeKey, nonce, gcmOptions);
    cipher.setAAD(buildAssociatedData(this.#activeKeyId, context));
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    const tag = cipher.getAuthTag();

    const payload = Buffer.allocUnsafe(nonce.length + ciphertext.length + tag.length);
    nonce.copy(payload, 0);
    ciphertext.copy(payload, nonce.length);
    tag.copy(payload, nonce.length + ciphertext.length);
    return `${this.#envelopePrefix}${payload.toString('base64url')}` as Envelope;
  }

  /**
   * Decrypts an envelope written for this field of this row and returns the value, checking
   * that it has the expected type. Throws EnvelopeFormatError for a malformed envelope,
   * KeyNotFoundError when the keyring lacks its key, DecryptError when authentication fails
   * (wrong key bytes, tampering, or another row, column or table), and ValueTypeError when it
   * contains another type.
   */
  decrypt<T extends ValueType>(type: T, envelope: string, context: FieldContext): ValueTypes[T] {
    checkFieldContext(context);
    const { keyId, bytes } = this.#parse(envelope, context);
    const key = this.#keyring.findKey(keyId);
    if (key === undefined) {
      throw new KeyNotFoundError({ keyId, table: context.table, column: context.column });
    }

    const tagStart = bytes.length - envelopeLayout.tagLength;
    const nonce = bytes.subarray(0, envelopeLayout.nonceLength);
    const decipher = createDecipheriv(algorithm, key, nonce, gcmOptions);
    decipher.setAAD(buildAssociatedData(keyId, context));
    decipher.setAuthTag(bytes.subarray(tagStart));
    const plaintext = decipher.update(bytes.subarray(envelopeLayout.nonceLength, tagStart));
    try {
      // GCM checks the tag here, and the plaintext above must not be used unless it passes.
      decipher.final();
    } catch {
      throw new DecryptError({ table: context.table, column: context.column, keyId });
    }

    const source = { table: context.table, column: context.column, keyId };
    return decodeValue(type, plaintext, source) as ValueTypes[T];
  }

  /**
   * Encrypts a value like `encrypt`, but returns null for null or undefined. An empty string is
   * a value and is encrypted.
   */
  encryptNullable<T extends ValueType>(
    type: T,
    value: ValueTypes[T] | null | undefined,
    context: FieldContext,
  ): Envelope | null {
    if (value === null || value === undefined) {
      return null;
    }
    return this.encrypt(type, value, context);
  }

  /** Decrypts an envelope like `decrypt`, but returns null for null or undefined. */
  decryptNullable<T extends ValueType>(
    type: T,
    envelope: string | null | undefined,
    context: FieldContext,
  ): ValueTypes[T] | null {
    if (envelope === null || envelope === undefined) {
      return null;
    }
    return this.decrypt(type, envelope, context);
  }

  /**
   * Computes the blind index of a value for one table and column: HMAC-SHA256 of the
   * `normalizeForLookup` form under a key derived for that column, as unpadded base64url. The
   * same value gives the same index in that column, which lets a query find it by equality.
   */
  blindIndex(value: string, target: BlindIndexTarget): BlindIndex {
    checkBlindIndexTarget(target);
    if (typeof value !== 'string' || !isWellFormedString(value)) {
      throw new ValueTypeError({
        expected: 'string',
        reason: 'a blind index needs a string without lone UTF-16 surrogates',
        table: target.table,
        column: target.column,
      });
    }

    const hmac = createHmac('sha256', this.#blindIndexKeyFor(target));
    hmac.update(normalizeForLookup(value), 'utf8');
    return hmac.digest('base64url') as BlindIndex;
  }

  /** Computes a blind index like `blindIndex`, but returns null for null or undefined. */
  blindIndexNullable(
    value: string | null | undefined,
    target: BlindIndexTarget,
  ): BlindIndex | null {
    if (value === null || value === undefined) {
      return null;
    }
    return this.blindIndex(value, target);
  }

  /**
   * Returns the id of the key that encrypted an envelope, so a re-encryption job can find
   * values written under retired keys. Throws EnvelopeFormatError for a malformed envelope.
   */
  keyIdOf(envelope: string): string {
    const parts = splitEnvelope(envelope);
    if (!parts.ok) {
      throw new EnvelopeFormatError({ reason: parts.reason });
    }
    if (!isCanonicalBase64Url(parts.payload)) {
      throw new EnvelopeFormatError({ reason: invalidPayload, keyId: parts.keyId });
    }
    return parts.keyId;
  }

  #parse(envelope: string, context: FieldContext): { keyId: string; bytes: Buffer } {
    const where = { table: context.table, column: context.column };
    const parts = splitEnvelope(envelope);
    if (!parts.ok) {
      throw new EnvelopeFormatError({ reason: parts.reason, ...where });
    }

    const bytes = decodeEnvelopePayload(parts.payload);
    if (bytes === undefined) {
      throw new EnvelopeFormatError({ reason: invalidPayload, keyId: parts.keyId, ...where });
    }
    return { keyId: parts.keyId, bytes };
  }

  #blindIndexKeyFor(target: BlindIndexTarget): KeyObject {
    let columns = this.#blindIndexKeys.get(target.table);
    if (columns === undefined) {
      columns = new Map();
      this.#blindIndexKeys.set(target.table, columns);
    }

    let key = columns.get(target.column);
    if (key === undefined) {
      key = deriveBlindIndexKey(this.#keyring.blindIndexKey, target);
      columns.set(target.column, key);
    }
    return key;
  }
}
