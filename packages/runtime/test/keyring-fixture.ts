import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { FieldCipher, Keyring, type KeyMaterial, type KeyringData } from '../src/index.js';

/** Builds key material with random bytes, or with the given bytes. */
export function keyMaterial(id: string, key: Buffer = randomBytes(32)): KeyMaterial {
  return { id, key, createdAt: undefined };
}

/** Builds keyring data whose active key is the first of `keys`. */
export function keyringData(
  keys: readonly KeyMaterial[],
  blindIndexKey = keyMaterial('b1'),
): KeyringData {
  const first = keys[0];
  if (first === undefined) {
    throw new Error('keyringData needs at least one key');
  }
  return { activeKeyId: first.id, keys, blindIndexKey };
}

/** Builds a cipher over a fresh keyring with a single random key `k1`. */
export function makeCipher(): FieldCipher {
  return new FieldCipher(Keyring.from(keyringData([keyMaterial('k1')])));
}

/** Creates a temporary folder under the OS temp folder that is removed after the test. */
export function useTemporaryFolder(): () => Promise<string> {
  const folders: string[] = [];
  afterEach(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
    folders.length = 0;
  });
  return async () => {
    const folder = await mkdtemp(join(tmpdir(), 'hspec-runtime-'));
    folders.push(folder);
    return folder;
  };
}

/** Returns what a function throws, failing the test when it does not throw. */
export function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** Returns what a promise rejects with, failing the test when it resolves. */
export async function rejected(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}
