import { createSecretKey, type KeyObject } from 'node:crypto';
import { KeyNotFoundError } from '../errors/key-not-found-error.js';
import { KeyringError } from '../errors/keyring-error.js';
import { findKeyringProblems } from './find-keyring-problems.js';
import type { KeyProvider } from './key-provider.js';
import type { KeyringData } from './keyring-data.js';

/**
 * The validated, immutable set of keys that a `FieldCipher` and the audit log use: the active
 * key that encrypts new values, older keys that still decrypt, the blind-index root key and the
 * audit key that signs audit checkpoints. Key bytes are held as
 * Node `KeyObject`s, which never print their bytes. To pick up a rotated keyring, load a new
 * `Keyring` and build a new `FieldCipher` from it.
 *
 * @example
 * ```ts
 * const keyring = await Keyring.load(new FileKeyProvider('.hspec/keyring.json'));
 * const cipher = new FieldCipher(keyring);
 * keyring.activeKeyId; // 'k20261204-3fa9c2d1'
 * ```
 */
export class Keyring {
  /** Id of the key that encrypts new values. */
  readonly activeKeyId: string;
  /** Ids of every field-encryption key, in keyring order. */
  readonly keyIds: readonly string[];
  /** Id of the blind-index root key. */
  readonly blindIndexKeyId: string;
  /** Id of the audit key, or undefined for a keyring created before audit keys existed. */
  readonly auditKeyId: string | undefined;

  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #blindIndexKey: KeyObject;
  readonly #auditKey: KeyObject | undefined;

  private constructor(data: KeyringData) {
    const keys = new Map<string, KeyObject>();
    for (const material of data.keys) {
      keys.set(material.id, createSecretKey(material.key));
    }
    this.#keys = keys;
    this.#blindIndexKey = createSecretKey(data.blindIndexKey.key);
    this.#auditKey = data.auditKey === undefined ? undefined : createSecretKey(data.auditKey.key);
    this.auditKeyId = data.auditKey?.id;
    this.activeKeyId = data.activeKeyId;
    this.keyIds = Object.freeze(data.keys.map((material) => material.id));
    this.blindIndexKeyId = data.blindIndexKey.id;
  }

  /**
   * Builds a keyring from keyring data, copying the key bytes. Throws KeyringError listing every
   * problem when the data is invalid.
   */
  static from(data: KeyringData): Keyring {
    const problems = findKeyringProblems(data);
    if (problems.length > 0) {
      throw new KeyringError({ source: 'keyring data', problems });
    }
    return new Keyring(data);
  }

  /** Loads keyring data from a provider and builds a keyring from it. */
  static async load(provider: KeyProvider): Promise<Keyring> {
    return Keyring.from(await provider.loadKeyring());
  }

  /** The key that encrypts new values. */
  get activeKey(): KeyObject {
    return this.getKey(this.activeKeyId);
  }

  /** The root key from which blind-index keys are derived. */
  get blindIndexKey(): KeyObject {
    return this.#blindIndexKey;
  }

  /**
   * The key that signs audit checkpoints. Throws KeyringError when the keyring has none, which
   * `rotateKeyringFile` (`hspec keys rotate`) fixes by adding one.
   */
  get auditKey(): KeyObject {
    if (this.#auditKey === undefined) {
      throw new KeyringError({
        source: 'keyring',
        problems: [
          'no auditKey: audit checkpoints need one; run `hspec keys rotate` to add it to the keyring file',
        ],
      });
    }
    return this.#auditKey;
  }

  /** Tells whether the keyring contains a field-encryption key with this id. */
  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Returns the field-encryption key with this id, or undefined when there is none. */
  findKey(keyId: string): KeyObject | undefined {
    return this.#keys.get(keyId);
  }

  /** Returns the field-encryption key with this id; throws KeyNotFoundError when there is none. */
  getKey(keyId: string): KeyObject {
    const key = this.#keys.get(keyId);
    if (key === undefined) {
      throw new KeyNotFoundError({ keyId });
    }
    return key;
  }
}
