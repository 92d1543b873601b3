import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  SessionManager,
  type SessionManagerOptions,
  type SessionStore,
} from '../../src/index.js';
import { FakeClock } from './support/fake-clock.js';
import { MemoryAuditSink } from './support/memory-audit-sink.js';
import { RecordingSessionStore } from './support/recording-session-store.js';
import { setCookiesOf } from './support/session-cookie.js';
import { startTestApp, testPassword, type AppKind } from './support/test-apps.js';
import { logIn, request, whoamiStatus } from './support/test-client.js';
import type { TestServer } from './support/test-server.js';

const idleTimeout = 15 * 60;
const absoluteTimeout = 12 * 60 * 60;

interface Harness {
  readonly clock: FakeClock;
  readonly store: RecordingSessionStore;
  readonly audit: MemoryAuditSink;
  readonly server: TestServer;
}

async function startHarness(
  kind: AppKind,
  options: Partial<SessionManagerOptions> = {},
): Promise<Harness> {
  const clock = new FakeClock();
  const store = new RecordingSessionStore(clock.now);
  const audit = new MemoryAuditSink();
  const sessions = new SessionManager({
    store,
    audit,
    idleTimeout,
    absoluteTimeout,
    now: clock.now,
    ...options,
  });
  const server = await startTestApp(kind, { sessions, audit });
  return { clock, store, audit, server };
}

describe.each<AppKind>(['node:http', 'express'])('sessions on %s', (kind) => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(kind);
  });

  afterEach(async () => {
    await harness.server.close();
    harness.store.close();
  });

  it('login sets a hardened session cookie', async () => {
    const response = await request(`${harness.server.url}/login`, {
      method: 'POST',
      body: { username: 'ada', password: testPassword },
    });
    const [cookie] = setCookiesOf(response);

    expect(response.status).toBe(204);
    expect(cookie?.name).toBe('hspec.sid');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes.get('Path')).toBe('/');
    expect(cookie?.attributes.get('Max-Age')).toBe(String(absoluteTimeout));
    expect(cookie?.attributes.has('Secure')).toBe(true);
    expect(cookie?.attributes.has('HttpOnly')).toBe(true);
    expect(cookie?.attributes.get('SameSite')).toBe('Strict');
    expect(cookie?.attributes.has('Domain')).toBe(false);
  });

  it('login audits the subject', async () => {
    await logIn(harness.server.url, 'ada');
    const [record] = harness.audit.records;

    expect(harness.audit.records).toHaveLength(1);
    expect(record?.event).toBe('auth.login');
    expect(record?.action).toBe('login');
    expect(record?.outcome).toBe('success');
    expect(record?.userId).toBe('ada');
    expect(record?.role).toBe('physician');
  });

  it('session authenticates its subject', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    const response = await request(`${harness.server.url}/whoami`, { sessionId });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userId: 'ada', role: 'physician' });
  });

  it('each login issues a new id', async () => {
    const first = await logIn(harness.server.url, 'ada');
    const second = await logIn(harness.server.url, 'ada');

    expect(second).not.toBe(first);
    expect(await whoamiStatus(harness.server.url, first)).toBe(200);
    expect(await whoamiStatus(harness.server.url, second)).toBe(200);
  });

  it('login rotates away the previous session', async () => {
    const previous = await logIn(harness.server.url, 'ada');
    const next = await logIn(harness.server.url, 'grace', previous);
    const [ended] = harness.audit.withAction('logout');

    expect(next).not.toBe(previous);
    expect(await whoamiStatus(harness.server.url, previous)).toBe(401);
    expect(await whoamiStatus(harness.server.url, next)).toBe(200);
    expect(ended?.userId).toBe('ada');
    expect(ended?.detail).toBe('session-replaced');
  });

  it('planted session id is never adopted', async () => {
    const planted = randomBytes(32).toString('base64url');
    const issued = await logIn(harness.server.url, 'ada', planted);

    expect(issued).not.toBe(planted);
    expect(await whoamiStatus(harness.server.url, planted)).toBe(401);
    expect(await whoamiStatus(harness.server.url, issued)).toBe(200);
  });

  it('store sees only hashes of ids', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    await whoamiStatus(harness.server.url, sessionId);
    const hash = createHash('sha256').update(sessionId).digest('hex');

    expect([...harness.store.keys]).toEqual([hash]);
  });

  it('logout ends the session and clears the cookie', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    const response = await request(`${harness.server.url}/logout`, { method: 'POST', sessionId });
    const [cookie] = setCookiesOf(response);
    const [record] = harness.audit.withAction('logout');

    expect(response.status).toBe(204);
    expect(cookie?.name).toBe('hspec.sid');
    expect(cookie?.value).toBe('');
    expect(cookie?.attributes.get('Max-Age')).toBe('0');
    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
    expect(record?.event).toBe('auth.logout');
    expect(record?.userId).toBe('ada');
    expect(record?.detail).toBeNull();
  });

  it('logout without a session audits nothing', async () => {
    const response = await request(`${harness.server.url}/logout`, { method: 'POST' });

    expect(response.status).toBe(204);
    expect(setCookiesOf(response)[0]?.attributes.get('Max-Age')).toBe('0');
    expect(harness.audit.records).toEqual([]);
  });

  it('failed login audits account and reason', async () => {
    const response = await request(`${harness.server.url}/login`, {
      method: 'POST',
      body: { username: 'ada', password: 'hunter2-not-the-password' },
    });
    const [record] = harness.audit.records;

    expect(response.status).toBe(401);
    expect(setCookiesOf(response)).toEqual([]);
    expect(record?.event).toBe('auth.login-failed');
    expect(record?.action).toBe('login-failed');
    expect(record?.outcome).toBe('failure');
    expect(record?.userId).toBe('ada');
    expect(record?.role).toBeNull();
    expect(record?.detail).toBe('bad-password');
    expect(JSON.stringify(harness.audit.records)).not.toContain('hunter2');
  });

  it('failed login leaves unknown usernames out', async () => {
    // A password typed into the username field must not reach the audit log.
    await request(`${harness.server.url}/login`, {
      method: 'POST',
      body: { username: testPassword, password: '' },
    });
    const [record] = harness.audit.records;

    expect(record?.userId).toBeNull();
    expect(record?.detail).toBe('unknown-user');
    expect(JSON.stringify(harness.audit.records)).not.toContain(testPassword);
  });

  it('idle session logs off automatically once', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    harness.clock.advance(idleTimeout);

    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
    const logoffs = harness.audit.withAction('auto-logoff');
    expect(logoffs).toHaveLength(1);
    expect(logoffs[0]?.event).toBe('auth.auto-logoff');
    expect(logoffs[0]?.userId).toBe('ada');
    expect(logoffs[0]?.detail).toBe('idle-timeout');
  });

  it('session just inside the idle timeout stays', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    harness.clock.advance(idleTimeout - 1);

    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(200);
    expect(harness.audit.withAction('auto-logoff')).toEqual([]);
  });

  it('concurrent requests audit one auto-logoff', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');
    harness.clock.advance(idleTimeout + 60);

    const statuses = await Promise.all(
      Array.from({ length: 8 }, () => whoamiStatus(harness.server.url, sessionId)),
    );

    expect(statuses).toEqual(Array.from({ length: 8 }, () => 401));
    expect(harness.audit.withAction('auto-logoff')).toHaveLength(1);
  });

  it('rolling expiry keeps an active session', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');

    for (let minute = 10; minute <= 120; minute += 10) {
      harness.clock.advance(10 * 60);
      expect(await whoamiStatus(harness.server.url, sessionId), `after ${minute} min`).toBe(200);
    }
    expect(harness.audit.withAction('auto-logoff')).toEqual([]);
  });

  it('absolute timeout wins over rolling expiry', async () => {
    const sessionId = await logIn(harness.server.url, 'ada');

    for (let elapsed = 10 * 60; elapsed < absoluteTimeout; elapsed += 10 * 60) {
      harness.clock.advance(10 * 60);
      expect(await whoamiStatus(harness.server.url, sessionId), `after ${elapsed} s`).toBe(200);
    }
    harness.clock.advance(10 * 60);

    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
    const [logoff] = harness.audit.withAction('auto-logoff');
    expect(logoff?.detail).toBe('absolute-timeout');
  });

  it('session abandoned past retention ends unaudited', async () => {
    // The store keeps an entry one idle timeout past the absolute expiry, and no longer.
    const sessionId = await logIn(harness.server.url, 'ada');
    harness.clock.advance(absoluteTimeout + idleTimeout);

    expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
    expect(harness.audit.withAction('auto-logoff')).toEqual([]);
  });

  it('malformed cookies are not looked up', async () => {
    for (const value of ['', 'short', `${'a'.repeat(43)}=`, 'a'.repeat(44)]) {
      expect(await whoamiStatus(harness.server.url, value), JSON.stringify(value)).toBe(401);
    }
    expect([...harness.store.keys]).toEqual([]);
  });
});

describe('sessions without rolling expiry', () => {
  it('end idleTimeout after login', async () => {
    const harness = await startHarness('node:http', { rolling: false });
    try {
      const sessionId = await logIn(harness.server.url, 'ada');
      harness.clock.advance(idleTimeout - 60);
      expect(await whoamiStatus(harness.server.url, sessionId)).toBe(200);

      harness.clock.advance(60);

      expect(await whoamiStatus(harness.server.url, sessionId)).toBe(401);
      expect(harness.audit.withAction('auto-logoff')[0]?.detail).toBe('idle-timeout');
    } finally {
      await harness.server.close();
      harness.store.close();
    }
  });
});

describe('session cookie options', () => {
  it('sets the configured name and SameSite', async () => {
    const harness = await startHarness('express', {
      cookie: { name: '__Host-sid', sameSite: 'lax' },
    });
    try {
      const response = await request(`${harness.server.url}/login`, {
        method: 'POST',
        body: { username: 'ada', password: testPassword },
      });
      const [cookie] = setCookiesOf(response);

      expect(cookie?.name).toBe('__Host-sid');
      expect(cookie?.attributes.get('SameSite')).toBe('Lax');
      expect(cookie?.attributes.has('Secure')).toBe(true);
    } finally {
      await harness.server.close();
      harness.store.close();
    }
  });
});

describe('sessions under concurrent lookups', () => {
  it('racing reads audit one auto-logoff', async () => {
    const clock = new FakeClock();
    const inner = new RecordingSessionStore(clock.now);
    const readers = 6;
    let reads = 0;
    let releaseReads: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => {
      releaseReads = resolve;
    });
    // Each get waits until every request has read, so all of them see the expired session.
    const store: SessionStore = {
      get: async (key) => {
        const session = await inner.get(key);
        reads += 1;
        if (reads === readers) {
          releaseReads();
        }
        await allRead;
        return session;
      },
      set: (key, session, ttlMs) => inner.set(key, session, ttlMs),
      replace: (key, session, ttlMs) => inner.replace(key, session, ttlMs),
      delete: (key) => inner.delete(key),
    };
    const audit = new MemoryAuditSink();
    const sessions = new SessionManager({
      store,
      audit,
      idleTimeout,
      absoluteTimeout,
      now: clock.now,
    });

    // A request without a cookie: login looks nothing up, so `reads` stays 0.
    const setCookies: string[] = [];
    const res = {
      headersSent: false,
      appendHeader: (_name: string, value: string) => setCookies.push(value),
    };
    const loginRequest = { headers: {} } as IncomingMessage;
    await sessions.login(loginRequest, res as unknown as ServerResponse, {
      userId: 'ada',
      role: 'nurse',
    });
    const cookie = setCookies[0]?.split(';')[0] ?? '';
    clock.advance(idleTimeout);

    const requests = Array.from({ length: readers }, () => ({ headers: { cookie } }));
    const subjects = await Promise.all(
      requests.map((req) => sessions.authenticate(req as IncomingMessage)),
    );

    expect(reads).toBe(readers);
    expect(subjects).toEqual(Array.from({ length: readers }, () => undefined));
    expect(audit.withAction('auto-logoff')).toHaveLength(1);
    inner.close();
  });
});
