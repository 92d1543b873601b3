import { randomBytes } from 'node:crypto';
import { envelopeLayout } from './envelope-layout.js';

const noncesPerRefill = 1024;

let pool: Buffer = Buffer.alloc(0);
let offset = 0;

/**
 * Returns a fresh random 96-bit AES-GCM nonce.
 *
 * One `randomBytes` call costs about as much as a whole small encryption, so nonces are cut
 * from a block of 1024 that is filled from the CSPRNG at once. Each slice is handed out once and
 * the block is never refilled in place, so the nonces are exactly as random as one
 * `randomBytes(12)` call each. Nonces are not secret, so keeping the block in memory is safe.
 */
export function nextNonce(): Buffer {
  if (offset === pool.length) {
    pool = randomBytes(envelopeLayout.nonceLength * noncesPerRefill);
    offset = 0;
  }
  const nonce = pool.subarray(offset, offset + envelopeLayout.nonceLength);
  offset += envelopeLayout.nonceLength;
  return nonce;
}
