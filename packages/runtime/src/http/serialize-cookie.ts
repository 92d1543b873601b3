import type { SessionCookieOptions } from './session-cookie-options.js';

const sameSiteValues = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

/**
 * Builds a `Set-Cookie` header value with `Path=/`, the given `Max-Age` in seconds and the
 * flags of `cookie`. A `Max-Age` of 0 makes the browser drop the cookie at once.
 */
export function serializeCookie(
  cookie: Required<SessionCookieOptions>,
  value: string,
  maxAgeSeconds: number,
): string {
  const parts = [`${cookie.name}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`];
  if (cookie.secure) {
    parts.push('Secure');
  }
  if (cookie.httpOnly) {
    parts.push('HttpOnly');
  }
  parts.push(`SameSite=${sameSiteValues[cookie.sameSite]}`);
  return parts.join('; ');
}
