import { HttpArgumentError } from './http-argument-error.js';
import type { SessionStore } from './session-store.js';
import type { StoredSession } from './stored-session.js';

/** Options of a `MemorySessionStore`. */
export interface MemorySessionStoreOptions {
  /** How often expired entries are removed, in milliseconds. Defaults to 60 000. */
  readonly sweepIntervalMs?: number;
  /** Clock in milliseconds since the epoch. Defaults to `Date.now`. Tests pass their own. */
  readonly now?: () => number;
}

interface Entry {
  readonly session: StoredSession;
  readonly expiresAt: number;
}

/**
 * A session store in process memory, for local development and tests only: sessions are lost
 * on restart, are not shared between processes, and nothing is written to disk. Entries expire
 * on read, and a timer removes expired entries in the background until `close` is called. The
 * timer does not keep the process alive.
 *
 * @example
 * ```ts
 * const store = new MemorySessionStore();
 * const sessions = new SessionManager({ store, audit, idleTimeout: 900, absoluteTimeout: 43200 });
 * // on shutdown
 * store.close();
 * ```
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #sweepTimer: NodeJS.Timeout | undefined;

  constructor(options: MemorySessionStoreOptions = {}) {
    const interval = options.sweepIntervalMs ?? 60_000;
    if (!Number.isSafeInteger(interval) || interval <= 0) {
      throw new HttpArgumentError({
        argument: 'sweepIntervalMs',
        problem: 'must be a positive whole number of milliseconds',
      });
    }

    this.#now = options.now ?? Date.now;
    this.#sweepTimer = setInterval(() => this.sweep(), interval);
    this.#sweepTimer.unref();
  }

  /** Number of entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<StoredSession | undefined> {
    const entry = this.#liveEntry(key);
    // A copy, as a store that serializes would return, so callers cannot edit stored state.
    return entry === undefined ? undefined : structuredClone(entry.session);
  }

  async set(key: string, session: StoredSession, ttlMs: number): Promise<void> {
    this.#store(key, session, ttlMs);
  }

  async replace(key: string, session: StoredSession, ttlMs: number): Promise<boolean> {
    // Checked and stored in one synchronous step, so a concurrent delete cannot come between.
    if (this.#liveEntry(key) === undefined) {
      return false;
    }
    this.#store(key, session, ttlMs);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  /** Removes every expired entry now. The background timer calls it. */
  sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
      }
    }
  }

  /** Stops the background sweep. Entries still expire when they are read. */
  close(): void {
    if (this.#sweepTimer !== undefined) {
      clearInterval(this.#sweepTimer);
      this.#sweepTimer = undefined;
    }
  }

  #liveEntry(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #store(key: string, session: StoredSession, ttlMs: number): void {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new HttpArgumentError({ argument: 'ttlMs', problem: 'must be a positive number' });
    }
    this.#entries.set(key, { session: structuredClone(session), expiresAt: this.#now() + ttlMs });
  }
}
