import type { StoredSession } from './stored-session.js';

/**
 * Storage for the sessions of a `SessionManager`. Keys are SHA-256 hashes of session ids, never the
 * ids themselves. An implementation may drop an entry once its time to live has passed, and
 * `delete` must be atomic, because its result decides which request audits an automatic
 * logoff. A Redis store maps these calls to `GET`, `SET ... PX`, `SET ... PX XX` and `DEL`.
 */
export interface SessionStore {
  /** Returns the session stored under `key`, or undefined when there is none or it expired. */
  get(key: string): Promise<StoredSession | undefined>;
  /** Stores `session` under `key`, replacing any entry, for `ttlMs` milliseconds. */
  set(key: string, session: StoredSession, ttlMs: number): Promise<void>;
  /**
   * Stores `session` under `key` for `ttlMs` milliseconds, but only when an entry is already
   * there. Resolves to true when it stored. A request that extends a session must not bring
   * it back after a concurrent logout deleted it.
   */
  replace(key: string, session: StoredSession, ttlMs: number): Promise<boolean>;
  /** Removes the entry under `key`, resolving to true when this call removed one. */
  delete(key: string): Promise<boolean>;
}
