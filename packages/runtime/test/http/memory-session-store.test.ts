import { afterEach, describe, expect, it } from 'vitest';

import { HttpArgumentError, MemorySessionStore, type StoredSession } from '../../src/index.js';
import { FakeClock } from './support/fake-clock.js';

const session: StoredSession = {
  subject: { userId: 'ada', role: 'physician' },
  createdAt: 0,
  idleExpiresAt: 900_000,
  absoluteExpiresAt: 43_200_000,
};

describe('MemorySessionStore', () => {
  const stores: MemorySessionStore[] = [];
  const makeStore = (clock: FakeClock, sweepIntervalMs?: number): MemorySessionStore => {
    const store = new MemorySessionStore({ now: clock.now, sweepIntervalMs });
    stores.push(store);
    return store;
  };

  afterEach(() => {
    for (const store of stores.splice(0)) {
      store.close();
    }
  });

  it('returns a stored session until its TTL passes', async () => {
    const clock = new FakeClock();
    const store = makeStore(clock);
    await store.set('k', session, 10_000);

    clock.advance(9);
    expect(await store.get('k')).toEqual(session);
    clock.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('returns copies, not the stored object', async () => {
    const store = makeStore(new FakeClock());
    await store.set('k', session, 10_000);
    const first = await store.get('k');
    (first as { subject: { role: string } }).subject.role = 'admin';

    expect((await store.get('k'))?.subject.role).toBe('physician');
  });

  it('replace stores only over an existing entry', async () => {
    const clock = new FakeClock();
    const store = makeStore(clock);
    const extended = { ...session, idleExpiresAt: 1_800_000 };

    expect(await store.replace('k', extended, 10_000)).toBe(false);
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', session, 10_000);
    expect(await store.replace('k', extended, 10_000)).toBe(true);
    expect(await store.get('k')).toEqual(extended);
  });

  it('replace does not revive an expired entry', async () => {
    const clock = new FakeClock();
    const store = makeStore(clock);
    await store.set('k', session, 1_000);
    clock.advance(1);

    expect(await store.replace('k', session, 10_000)).toBe(false);
  });

  it('delete reports whether it removed an entry', async () => {
    const store = makeStore(new FakeClock());
    await store.set('k', session, 10_000);

    expect(await store.delete('k')).toBe(true);
    expect(await store.delete('k')).toBe(false);
  });

  it('sweep removes expired entries only', async () => {
    const clock = new FakeClock();
    const store = makeStore(clock);
    await store.set('short', session, 1_000);
    await store.set('long', session, 60_000);
    clock.advance(2);

    store.sweep();

    expect(store.size).toBe(1);
    expect(await store.get('long')).toEqual(session);
  });

  it('background sweep runs until close', async () => {
    const clock = new FakeClock();
    const store = makeStore(clock, 5);
    await store.set('k', session, 1_000);
    clock.advance(2);

    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.size).toBe(0);

    store.close();
    await store.set('k', session, 1_000);
    clock.advance(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.size).toBe(1);
  });

  it.each([0, -5, 1.5, Number.NaN])('rejects sweep interval %s', (sweepIntervalMs) => {
    expect(() => new MemorySessionStore({ sweepIntervalMs })).toThrow(HttpArgumentError);
  });

  it.each([0, -1, Number.POSITIVE_INFINITY])('rejects TTL %s', async (ttlMs) => {
    const store = makeStore(new FakeClock());

    await expect(store.set('k', session, ttlMs)).rejects.toThrow(HttpArgumentError);
  });
});
