import type { Envelope } from '../phi/envelope.js';
import { isCanonicalBase64Url } from './is-canonical-base64url.js';
import { splitEnvelope } from './split-envelope.js';

/**
 * Tells whether a value has the structure of an `hspec:v1` envelope. It checks the format only:
 * a `true` result does not mean that the envelope decrypts.
 */
export function isEnvelope(value: unknown): value is Envelope {
  const parts = splitEnvelope(value);
  return parts.ok && isCanonicalBase64Url(parts.payload);
}
