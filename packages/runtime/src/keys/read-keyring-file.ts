import { readFile } from 'node:fs/promises';
import { KeyringError } from '../errors/keyring-error.js';
import { describeFileError, hasErrorCode } from './describe-file-error.js';
import type { KeyringData } from './keyring-data.js';
import { parseKeyring } from './parse-keyring.js';

/** Reads and validates a keyring file; throws KeyringError naming the path when it cannot. */
export async function readKeyringFile(path: string): Promise<KeyringData> {
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (error) {
    const problem = hasErrorCode(error, 'ENOENT')
      ? 'file not found'
      : `failed to read the file (${describeFileError(error)})`;
    throw new KeyringError({ source: path, problems: [problem] });
  }
  return parseKeyring(json, path);
}
