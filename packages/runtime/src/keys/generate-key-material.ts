import { randomBytes } from 'node:crypto';
import { keyLength } from './find-keyring-problems.js';
import type { KeyMaterial } from './key-material.js';

/**
 * Prefix of a generated key id: `k` for field-encryption keys, `b` for blind-index keys, `a` for
 * the audit key.
 */
export type KeyIdPrefix = 'k' | 'b' | 'a';

/**
 * Generates a new 32-byte key from the CSPRNG with an id such as `k20261204-3fa9c2d1`: the
 * prefix, the UTC date of `now` and 8 random hex digits.
 */
export function generateKeyMaterial(prefix: KeyIdPrefix, now: Date): KeyMaterial {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  const id = `${prefix}${date}-${randomBytes(4).toString('hex')}`;
  return { id, key: randomBytes(keyLength), createdAt: now.toISOString() };
}
