import { hasZeroTrailingBits } from './is-canonical-base64url.js';
import { decodedLength } from './split-envelope.js';

/**
 * Decodes the base64url payload of a split envelope, or returns undefined when it is not in
 * canonical unpadded base64url.
 *
 * This path runs on every read, so it avoids a regular expression over the whole payload.
 * Node's decoder skips or stops at a character outside the alphabet. Such a character therefore
 * yields fewer bytes than the text length implies, and the length check after decoding catches
 * it. Node also accepts the standard-alphabet `+` and `/`, so they are rejected separately.
 */
export function decodeEnvelopePayload(payload: string): Buffer | undefined {
  if (payload.includes('+') || payload.includes('/') || !hasZeroTrailingBits(payload)) {
    return undefined;
  }
  const bytes = Buffer.from(payload, 'base64url');
  return bytes.length === decodedLength(payload) ? bytes : undefined;
}
