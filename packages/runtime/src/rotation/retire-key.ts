import { readFile } from 'node:fs/promises';
import { KeyringError } from '../errors/keyring-error.js';
import { describeFileError, hasErrorCode } from '../keys/describe-file-error.js';
import type { KeyringData } from '../keys/keyring-data.js';
import { parseKeyring } from '../keys/parse-keyring.js';
import { writePrivateFile } from '../keys/write-private-file.js';
import { KeyRetirementError } from './key-retirement-error.js';
import { withKeyringLock } from './with-keyring-lock.js';

/** The keyring after a key was retired. */
export interface KeyRetirement {
  /** The key that was removed. */
  readonly retiredKeyId: string;
  /** The active key, unchanged. */
  readonly activeKeyId: string;
  /** The field-encryption keys that remain, in keyring order. */
  readonly keyIds: readonly string[];
}

/**
 * Removes a field-encryption key from a keyring file, once no envelope names it any more (see
 * `assertKeyUnused`). Envelopes under a removed key can never be decrypted again, so check the
 * data first and keep a backup of the old keyring until the check is trusted.
 *
 * Every other part of the file stays as it was: the other keys, the blind-index key and any
 * other property, in the same order. The file is replaced atomically with mode 0600 while the
 * rotation lock `<path>.lock` is held. Throws KeyRetirementError for the active key or an id
 * that names no field-encryption key, and KeyringError when the file cannot be locked, read,
 * parsed or written.
 *
 * @example
 * ```ts
 * const { keyIds } = await retireKey('.hspec/keyring.json', 'k20250601-0c9d14e2');
 * ```
 */
export async function retireKey(path: string, keyId: string): Promise<KeyRetirement> {
  return withKeyringLock(path, async () => {
    const json = await readKeyringText(path);
    const current = parseKeyring(json, path);
    checkRetirable(current, keyId, path);

    // The key is removed from the parsed JSON rather than from KeyringData, so properties that
    // this runtime does not model are written back unchanged.
    const document = JSON.parse(json) as { keys: { id: unknown }[] };
    document.keys = document.keys.filter((entry) => entry.id !== keyId);
    const next = `${JSON.stringify(document, null, 2)}\n`;
    const retired = parseKeyring(next, path);

    await writeKeyringText(path, next);
    return {
      retiredKeyId: keyId,
      activeKeyId: retired.activeKeyId,
      keyIds: retired.keys.map((key) => key.id),
    };
  });
}

function checkRetirable(keyring: KeyringData, keyId: string, path: string): void {
  if (keyId === keyring.activeKeyId) {
    throw new KeyRetirementError({ source: path, keyId, problem: 'active-key' });
  }
  if (!keyring.keys.some((key) => key.id === keyId)) {
    throw new KeyRetirementError({ source: path, keyId, problem: 'unknown-key' });
  }
}

async function readKeyringText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const problem = hasErrorCode(error, 'ENOENT')
      ? 'file not found'
      : `failed to read the file (${describeFileError(error)})`;
    throw new KeyringError({ source: path, problems: [problem] });
  }
}

async function writeKeyringText(path: string, json: string): Promise<void> {
  try {
    await writePrivateFile(path, json, 'replace');
  } catch (error) {
    throw new KeyringError({
      source: path,
      problems: [`failed to write the file (${describeFileError(error)})`],
    });
  }
}
