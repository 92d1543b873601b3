import { createHmac, timingSafeEqual } from 'node:crypto';
import { isKeyId } from '../keys/is-key-id.js';
import type { Keyring } from '../keys/keyring.js';
import type { AuditChainHead } from './build-audit-record.js';
import { encodeAuditCheckpoint } from './canonical-encoding.js';

/**
 * A signed statement that the record with `sequence` had `hash` at `recordedAt`. The signature
 * is HMAC-SHA256, under the keyring's audit key, of the checkpoint's canonical encoding. The key
 * lives outside the log, so someone who can rewrite the log cannot forge a checkpoint, and a log
 * rewritten before a checkpoint no longer matches it.
 */
export interface AuditCheckpoint {
  /** Sequence number of the record the checkpoint covers. */
  readonly sequence: number;
  /** Hash of that record. */
  readonly hash: string;
  /** When the checkpoint was made: ISO 8601 UTC with milliseconds. */
  readonly recordedAt: string;
  /** Id of the audit key that signed it. */
  readonly keyId: string;
  /** Hex HMAC-SHA256 over the canonical encoding of the four fields above. */
  readonly signature: string;
}

/** Default number of records between two automatic checkpoints. */
export const defaultCheckpointEvery = 1000;

/**
 * Signs a checkpoint for the record at `head`. Throws KeyringError when the keyring has no
 * audit key.
 */
export function signAuditCheckpoint(
  head: AuditChainHead,
  recordedAt: string,
  keyring: Keyring,
): AuditCheckpoint {
  const key = keyring.auditKey;
  const keyId = keyring.auditKeyId as string;
  const unsigned = { sequence: head.sequence, hash: head.hash, recordedAt, keyId };
  const signature = createHmac('sha256', key).update(encodeAuditCheckpoint(unsigned)).digest('hex');
  return Object.freeze({ ...unsigned, signature });
}

/**
 * Checks a checkpoint's signature with the keyring's audit key and returns undefined when it is
 * valid, or what is wrong. Throws KeyringError when the keyring has no audit key.
 */
export function findAuditCheckpointProblem(
  checkpoint: AuditCheckpoint,
  keyring: Keyring,
): string | undefined {
  const key = keyring.auditKey;
  if (checkpoint.keyId !== keyring.auditKeyId) {
    const named = isKeyId(checkpoint.keyId) ? `"${checkpoint.keyId}"` : 'an invalid key id';
    return `checkpoint #${checkpoint.sequence} is signed with audit key ${named}, but the keyring's audit key is "${keyring.auditKeyId ?? ''}"`;
  }

  const expected = createHmac('sha256', key).update(encodeAuditCheckpoint(checkpoint)).digest();
  const actual = Buffer.from(checkpoint.signature, 'hex');
  const matches =
    /^[0-9a-f]{64}$/.test(checkpoint.signature) &&
    actual.length === expected.length &&
    timingSafeEqual(actual, expected);
  return matches ? undefined : `checkpoint #${checkpoint.sequence} has an invalid signature`;
}
