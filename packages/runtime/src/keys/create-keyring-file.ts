import { lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyringError } from '../errors/keyring-error.js';
import { describeFileError, hasErrorCode } from './describe-file-error.js';
import { formatKeyring } from './format-keyring.js';
import { generateKeyMaterial } from './generate-key-material.js';
import type { KeyringData } from './keyring-data.js';
import { writePrivateFile } from './write-private-file.js';

const alreadyExists =
  'file already exists; a new keyring would lose the keys that decrypt existing data, so rotate it or move it away first';

/**
 * Creates a keyring file with one new field-encryption key, one new blind-index root key and
 * one new audit key, and returns the data written. The parent folder is created if needed
 * (mode 0700), the file gets mode 0600 and appears atomically. Throws KeyringError when the
 * file already exists, because replacing it would make existing envelopes undecryptable.
 *
 * @example
 * ```ts
 * const data = await createKeyringFile('.hspec/keyring.json');
 * data.activeKeyId; // 'k20261204-3fa9c2d1'
 * ```
 */
export async function createKeyringFile(
  path: string,
  options: { now?: Date } = {},
): Promise<KeyringData> {
  if (await pathExists(path)) {
    throw new KeyringError({ source: path, problems: [alreadyExists] });
  }

  const now = options.now ?? new Date();
  const key = generateKeyMaterial('k', now);
  const data: KeyringData = {
    activeKeyId: key.id,
    keys: [key],
    blindIndexKey: generateKeyMaterial('b', now),
    auditKey: generateKeyMaterial('a', now),
  };

  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writePrivateFile(path, formatKeyring(data), 'create');
  } catch (error) {
    const problem = hasErrorCode(error, 'EEXIST')
      ? alreadyExists
      : `failed to write the file (${describeFileError(error)})`;
    throw new KeyringError({ source: path, problems: [problem] });
  }
  return data;
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return false;
    }
    throw new KeyringError({
      source: path,
      problems: [`failed to check whether the file exists (${describeFileError(error)})`],
    });
  }
}
