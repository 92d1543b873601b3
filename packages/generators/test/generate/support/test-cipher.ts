import { randomBytes } from 'node:crypto';

import { FieldCipher, Keyring } from '@hspec/runtime';

/** Creates a FieldCipher over a keyring of fresh random keys that lives only in memory. */
export function createTestCipher(): FieldCipher {
  const keyring = Keyring.from({
    activeKeyId: 'test-key-1',
    keys: [{ id: 'test-key-1', key: randomBytes(32), createdAt: undefined }],
    blindIndexKey: { id: 'test-blind-index', key: randomBytes(32), createdAt: undefined },
  });
  return new FieldCipher(keyring);
}
