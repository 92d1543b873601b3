import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';
import { isKeyId } from '../keys/is-key-id.js';

/** Why a key cannot be retired: it is the active key, or no field-encryption key has its id. */
export type KeyRetirementProblem = 'active-key' | 'unknown-key';

const messages: Readonly<Record<KeyRetirementProblem, string>> = {
  'active-key':
    'is the active key, which encrypts new values; rotate first, re-encrypt, then retire it',
  'unknown-key': 'is not a field-encryption key in this keyring',
};

/**
 * Raised by `retireKey` when the key id names the active key or no field-encryption key of the
 * keyring. The keyring file is left unchanged.
 */
export class KeyRetirementError extends HspecRuntimeError {
  declare readonly code: 'keyring.retire-active-key' | 'keyring.retire-unknown-key';
  /** The keyring file. */
  readonly source: string;
  readonly keyId: string;
  readonly problem: KeyRetirementProblem;

  constructor(details: {
    readonly source: string;
    readonly keyId: string;
    readonly problem: KeyRetirementProblem;
  }) {
    super(
      `keyring.retire-${details.problem}`,
      `${details.source}: ${describeKeyId(details.keyId)} ${messages[details.problem]}`,
    );
    this.source = details.source;
    this.keyId = details.keyId;
    this.problem = details.problem;
  }
}

/** Quotes a valid key id; other text is not echoed, because it might be pasted key bytes. */
function describeKeyId(keyId: string): string {
  return isKeyId(keyId) ? `key "${keyId}"` : 'the given key id (not a valid key id)';
}
