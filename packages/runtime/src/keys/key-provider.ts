import type { KeyringData } from './keyring-data.js';

/**
 * A source of keyring data. hspec ships a file and an environment provider. Implement this
 * interface to load keys from a KMS or a secret manager instead.
 *
 * @example
 * ```ts
 * class SecretManagerKeyProvider implements KeyProvider {
 *   async loadKeyring(): Promise<KeyringData> {
 *     const json = await fetchSecretString('hspec-keyring');
 *     return parseKeyring(json, 'secret hspec-keyring');
 *   }
 * }
 * ```
 */
export interface KeyProvider {
  /** Loads the current keyring. Callers call it again to pick up a rotated keyring. */
  loadKeyring(): Promise<KeyringData>;
}
