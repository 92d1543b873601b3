import type { Subject } from '../policy/access-request.js';

/**
 * A session as a `SessionStore` keeps it: plain JSON-compatible data, so that a store may
 * serialize it. Times are milliseconds since 1970-01-01T00:00:00Z.
 */
export interface StoredSession {
  readonly subject: Subject;
  readonly createdAt: number;
  /** When the session ends unless a request extends it (rolling expiry). */
  readonly idleExpiresAt: number;
  /** When the session ends, whatever happens. The idle expiry never moves past it. */
  readonly absoluteExpiresAt: number;
}
