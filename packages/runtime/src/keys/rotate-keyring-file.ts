import { open, rm } from 'node:fs/promises';
import { KeyringError } from '../errors/keyring-error.js';
import { describeFileError, hasErrorCode } from './describe-file-error.js';
import { formatKeyring } from './format-keyring.js';
import { generateKeyMaterial, type KeyIdPrefix } from './generate-key-material.js';
import type { KeyMaterial } from './key-material.js';
import type { KeyringData } from './keyring-data.js';
import { readKeyringFile } from './read-keyring-file.js';
import { writePrivateFile } from './write-private-file.js';

/** Key ids before and after a rotation. */
export interface KeyRotation {
  /** The key that was active before; it stays in the keyring to decrypt older values. */
  readonly previousKeyId: string;
  /** The new key, which now encrypts every new value. */
  readonly activeKeyId: string;
  /** Id of the audit key that this rotation added to a keyring that had none; else undefined. */
  readonly addedAuditKeyId: string | undefined;
}

/**
 * Adds a new field-encryption key to a keyring file and makes it the active key. Older keys stay
 * so that existing envelopes still decrypt, and the blind-index root key is unchanged. A keyring
 * without an audit key gets one; an existing audit key is kept, because the checkpoints already
 * in audit logs name it. The file is replaced atomically with mode 0600.
 *
 * While it runs, the function keeps the lock file `<path>.lock`. Without it, two rotations at
 * once could both read the old file, and the second write would drop the key that the first
 * one added. Throws KeyringError when the lock file exists or the keyring cannot be read,
 * parsed or written.
 *
 * @example
 * ```ts
 * const { previousKeyId, activeKeyId } = await rotateKeyringFile('.hspec/keyring.json');
 * ```
 */
export async function rotateKeyringFile(
  path: string,
  options: { now?: Date } = {},
): Promise<KeyRotation> {
  const lockPath = `${path}.lock`;
  await acquireLock(path, lockPath);

  try {
    const current = await readKeyringFile(path);
    const now = options.now ?? new Date();
    const key = generateUniqueKey(current, 'k', now, []);
    const addedAuditKey =
      current.auditKey === undefined ? generateUniqueKey(current, 'a', now, [key.id]) : undefined;
    const next: KeyringData = {
      activeKeyId: key.id,
      keys: [...current.keys, key],
      blindIndexKey: current.blindIndexKey,
      auditKey: current.auditKey ?? addedAuditKey,
    };

    await writeKeyring(path, next);
    return {
      previousKeyId: current.activeKeyId,
      activeKeyId: key.id,
      addedAuditKeyId: addedAuditKey?.id,
    };
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquireLock(path: string, lockPath: string): Promise<void> {
  try {
    const handle = await open(lockPath, 'wx', 0o600);
    await handle.close();
  } catch (error) {
    const problem = hasErrorCode(error, 'EEXIST')
      ? `another rotation holds ${lockPath}; if no rotation is running, remove that file and retry`
      : `failed to create the lock file ${lockPath} (${describeFileError(error)})`;
    throw new KeyringError({ source: path, problems: [problem] });
  }
}

function generateUniqueKey(
  current: KeyringData,
  prefix: KeyIdPrefix,
  now: Date,
  otherTakenIds: readonly string[],
): KeyMaterial {
  const takenIds = new Set([
    ...current.keys.map((key) => key.id),
    current.blindIndexKey.id,
    ...(current.auditKey === undefined ? [] : [current.auditKey.id]),
    ...otherTakenIds,
  ]);
  let key = generateKeyMaterial(prefix, now);
  while (takenIds.has(key.id)) {
    key = generateKeyMaterial(prefix, now);
  }
  return key;
}

async function writeKeyring(path: string, data: KeyringData): Promise<void> {
  try {
    await writePrivateFile(path, formatKeyring(data), 'replace');
  } catch (error) {
    throw new KeyringError({
      source: path,
      problems: [`failed to write the file (${describeFileError(error)})`],
    });
  }
}
