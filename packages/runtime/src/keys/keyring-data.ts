import type { KeyMaterial } from './key-material.js';

/**
 * The keys that a key provider loads: the field-encryption keys, the blind-index root key and,
 * in keyrings created or rotated since audit checkpoints exist, the audit key.
 */
export interface KeyringData {
  /** Id of the key that encrypts new values; it must be one of `keys`. */
  readonly activeKeyId: string;
  /** Every field-encryption key, including retired ones that old envelopes still name. */
  readonly keys: readonly KeyMaterial[];
  /** Root key from which each table and column derives its blind-index HMAC key. */
  readonly blindIndexKey: KeyMaterial;
  /** Key that signs audit-log checkpoints (HMAC-SHA256); kept outside the log it protects. */
  readonly auditKey?: KeyMaterial | undefined;
}
