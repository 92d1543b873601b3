import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Letters, digits and `.`, `_`, `-`, `:` up to 128 characters: UUIDs, ULIDs and the trace ids
// of common proxies fit, while free text (which could contain PHI) does not.
const safeRequestIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * Returns the correlation id of a request, which every audit entry of that request carries. It
 * is the `x-request-id` header when that is a safe token, else a random UUID, and the same value
 * on every call for one request.
 */
export function requestIdOf(req: IncomingMessage): string {
  const known = requestIds.get(req);
  if (known !== undefined) {
    return known;
  }

  const header = req.headers['x-request-id'];
  const requestId =
    typeof header === 'string' && safeRequestIdPattern.test(header) ? header : randomUUID();
  requestIds.set(req, requestId);
  return requestId;
}
