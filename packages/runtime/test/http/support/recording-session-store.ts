import {
  MemorySessionStore,
  type SessionStore,
  type StoredSession,
} from '../../../src/index.js';

/** A memory session store that remembers every key it was given, for checks on hashing. */
export class RecordingSessionStore implements SessionStore {
  readonly keys = new Set<string>();
  readonly inner: MemorySessionStore;

  constructor(now: () => number) {
    this.inner = new MemorySessionStore({ now });
  }

  get(key: string): Promise<StoredSession | undefined> {
    this.keys.add(key);
    return this.inner.get(key);
  }

  set(key: string, session: StoredSession, ttlMs: number): Promise<void> {
    this.keys.add(key);
    return this.inner.set(key, session, ttlMs);
  }

  replace(key: string, session: StoredSession, ttlMs: number): Promise<boolean> {
    this.keys.add(key);
    return this.inner.replace(key, session, ttlMs);
  }

  delete(key: string): Promise<boolean> {
    this.keys.add(key);
    return this.inner.delete(key);
  }

  close(): void {
    this.inner.close();
  }
}
