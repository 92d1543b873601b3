import type { KeyProvider } from './key-provider.js';
import type { KeyringData } from './keyring-data.js';
import { readKeyringFile } from './read-keyring-file.js';

/**
 * Loads the keyring from a JSON keyring file, such as the `.hspec/keyring.json` that
 * `createKeyringFile` writes. Each `loadKeyring` call reads the file again, so a rotated file
 * is picked up by loading anew.
 *
 * @example
 * ```ts
 * const keyring = await Keyring.load(new FileKeyProvider('.hspec/keyring.json'));
 * ```
 */
export class FileKeyProvider implements KeyProvider {
  /** Path of the keyring file. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Reads and validates the keyring file; throws KeyringError naming the path when it cannot. */
  loadKeyring(): Promise<KeyringData> {
    return readKeyringFile(this.path);
  }
}
