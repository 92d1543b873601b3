import type { IncomingMessage } from 'node:http';

import type { AccessRequest } from '../policy/access-request.js';

const accessRequests = new WeakMap<IncomingMessage, AccessRequest>();

/**
 * Returns the access request (subject, purpose of use, break-glass reason) that `phiAccess`
 * attached to a request, or undefined when the request did not pass through it. It is kept in
 * a weak map, so neither Express's nor Node's request type is changed.
 *
 * @example
 * ```ts
 * app.get('/patients/:id', (req, res) => {
 *   const access = accessRequestOf(req);
 *   // pass `access` to the generated repository, which checks the policy and audits
 * });
 * ```
 */
export function accessRequestOf(req: IncomingMessage): AccessRequest | undefined {
  return accessRequests.get(req);
}

/** Attaches an access request to a request. Only `phiAccess` calls it. */
export function attachAccessRequest(req: IncomingMessage, access: AccessRequest): void {
  accessRequests.set(req, access);
}
