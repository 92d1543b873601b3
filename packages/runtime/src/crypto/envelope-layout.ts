/**
 * Byte and character layout of a version 1 envelope:
 * `hspec:v1:<keyId>:<base64url(nonce ‖ ciphertext ‖ tag)>`.
 */
export const envelopeLayout = Object.freeze({
  /** Format version, written in the prefix and bound into the associated data. */
  version: 'v1',
  /** Text that every version 1 envelope starts with. */
  prefix: 'hspec:v1:',
  /** AES-GCM nonce length in bytes (96 bits, the size GCM uses without extra hashing). */
  nonceLength: 12,
  /** AES-GCM authentication tag length in bytes (128 bits). */
  tagLength: 16,
  /** Shortest valid payload: nonce, one byte of value-type tag, and the authentication tag. */
  minimumPayloadLength: 12 + 1 + 16,
});
