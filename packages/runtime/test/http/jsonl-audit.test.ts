import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { JsonlAuditLog, Keyring, MemorySessionStore, SessionManager } from '../../src/index.js';
import { FakeClock } from './support/fake-clock.js';
import { startTestApp, testPassword } from './support/test-apps.js';
import { logIn, request } from './support/test-client.js';
import type { TestServer } from './support/test-server.js';

function keyringWithAuditKey(): Keyring {
  return Keyring.from({
    activeKeyId: 'k1',
    keys: [{ id: 'k1', key: randomBytes(32), createdAt: undefined }],
    blindIndexKey: { id: 'b1', key: randomBytes(32), createdAt: undefined },
    auditKey: { id: 'a1', key: randomBytes(32), createdAt: undefined },
  });
}

describe('HTTP events in a JSON Lines audit log', () => {
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  it('writes a verifiable chain without secrets', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'hspec-http-audit-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const keyring = keyringWithAuditKey();
    const path = join(folder, 'audit.jsonl');
    const audit = await JsonlAuditLog.open(path, { keyring });
    const clock = new FakeClock();
    const store = new MemorySessionStore({ now: clock.now });
    cleanups.push(() => store.close());
    const sessions = new SessionManager({
      store,
      audit,
      idleTimeout: 900,
      absoluteTimeout: 43200,
      now: clock.now,
    });
    const server: TestServer = await startTestApp('express', { sessions, audit });
    cleanups.push(() => server.close());

    await request(`${server.url}/login`, {
      method: 'POST',
      body: { username: 'ada', password: 'not-the-Pa55word' },
    });
    const sessionId = await logIn(server.url, 'ada');
    const response = await request(`${server.url}/api/patients/123?ssn=123-45-6789`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    await expect
      .poll(async () => (await readFile(path, 'utf8')).split('\n').filter(Boolean).length)
      .toBe(3);
    clock.advance(900);
    await request(`${server.url}/api/patients/123`, { sessionId });

    const text = await readFile(path, 'utf8');
    const records = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { action: string; detail: string | null });
    const verification = await JsonlAuditLog.verifyFile(path, { keyring });

    expect(verification.ok).toBe(true);
    expect(verification.records).toBe(5);
    expect(records.map((record) => record.action)).toEqual([
      'login-failed',
      'login',
      'read',
      'auto-logoff',
      'read',
    ]);
    expect(records.map((record) => record.detail)).toEqual([
      'bad-password',
      null,
      '/api/patients/:id',
      'idle-timeout',
      'unauthenticated',
    ]);
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain('Pa55word');
    expect(text).not.toContain(testPassword);
    expect(text).not.toContain('123-45-6789');
  });
});
