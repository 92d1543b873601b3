import { open, rm } from 'node:fs/promises';
import { KeyringError } from '../errors/keyring-error.js';
import { describeFileError, hasErrorCode } from '../keys/describe-file-error.js';

/**
 * Runs `action` while holding `<path>.lock`, the lock file that `rotateKeyringFile` takes, so a
 * retirement and a rotation never both rewrite the keyring from the same old contents. Throws
 * KeyringError when the lock is held or cannot be created. A lock left by a crash must be
 * removed by hand.
 */
export async function withKeyringLock<T>(path: string, action: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  try {
    const handle = await open(lockPath, 'wx', 0o600);
    await handle.close();
  } catch (error) {
    const problem = hasErrorCode(error, 'EEXIST')
      ? `another rotation or retirement has locked the keyring with ${lockPath}; if none is running, remove that file and retry`
      : `failed to create the lock file ${lockPath} (${describeFileError(error)})`;
    throw new KeyringError({ source: path, problems: [problem] });
  }

  try {
    return await action();
  } finally {
    await rm(lockPath, { force: true });
  }
}
