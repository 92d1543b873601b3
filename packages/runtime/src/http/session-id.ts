import { createHash, randomBytes } from 'node:crypto';

// 32 random bytes are 43 characters of unpadded base64url.
const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

/** Creates a session id: 256 random bits from the operating system's CSPRNG, as base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Tells whether a cookie value has the form of a session id, before it is looked up. */
export function isSessionId(text: string): boolean {
  return sessionIdPattern.test(text);
}

/**
 * Derives the store key of a session id: its SHA-256 in hex. The store receives only the hash,
 * so a copy of the store yields no cookie that logs anyone in. The timing of a lookup by hash
 * also reveals nothing about how much of a guessed id is right.
 */
export function sessionStoreKey(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'ascii').digest('hex');
}
