import { isKeyId } from '../keys/is-key-id.js';
import { envelopeLayout } from './envelope-layout.js';

/**
 * Result of splitting an envelope: its key id and payload text, or why it is malformed. It does
 * not check the payload's alphabet, which `isCanonicalBase64Url` and `decodeEnvelopePayload` do.
 */
export type SplitEnvelope =
  | { readonly ok: true; readonly keyId: string; readonly payload: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Splits an envelope string into its key id and payload text, checking the prefix, the key id
 * and the payload length. The reason for a malformed envelope describes the structure only and
 * never quotes the text, which might be a value.
 */
export function splitEnvelope(text: unknown): SplitEnvelope {
  if (typeof text !== 'string') {
    return { ok: false, reason: `expected a string, got ${typeof text}` };
  }
  if (!text.startsWith(envelopeLayout.prefix)) {
    const reason = /^hspec:v[0-9]+:/.test(text)
      ? `unsupported format version; this runtime reads "${envelopeLayout.prefix}"`
      : `does not start with "${envelopeLayout.prefix}"`;
    return { ok: false, reason };
  }

  const separator = text.indexOf(':', envelopeLayout.prefix.length);
  if (separator === -1) {
    return { ok: false, reason: 'missing the ":" between key id and payload' };
  }
  const keyId = text.slice(envelopeLayout.prefix.length, separator);
  if (!isKeyId(keyId)) {
    return { ok: false, reason: 'the key id is not a valid key id' };
  }

  const payload = text.slice(separator + 1);
  if (payload.length % 4 === 1) {
    return { ok: false, reason: 'the payload length is not a valid base64url length' };
  }
  if (decodedLength(payload) < envelopeLayout.minimumPayloadLength) {
    return { ok: false, reason: 'the payload is too short to hold a nonce, a value and a tag' };
  }
  return { ok: true, keyId, payload };
}

/** Number of bytes that unpadded base64url text of this length decodes to. */
export function decodedLength(base64Url: string): number {
  return Math.floor((base64Url.length * 3) / 4);
}
