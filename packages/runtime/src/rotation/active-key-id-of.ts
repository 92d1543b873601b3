import type { FieldCipher } from '../crypto/field-cipher.js';

const probeContext = { table: 'hspec', column: 'active_key', primaryKey: 'probe' };

/**
 * Returns the id of the key that a cipher encrypts new values with. `FieldCipher` does not
 * expose it, but every envelope names the key that wrote it, so a throwaway envelope shows it.
 */
export function activeKeyIdOf(cipher: FieldCipher): string {
  return cipher.keyIdOf(cipher.encrypt('boolean', true, probeContext));
}
