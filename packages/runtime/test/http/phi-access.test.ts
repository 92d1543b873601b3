import type { IncomingMessage } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';

import {
  accessRequestOf,
  HttpArgumentError,
  MemorySessionStore,
  phiAccess,
  SessionManager,
  type AuditEntry,
  type PhiAccessOptions,
  type Subject,
} from '../../src/index.js';
import { FakeClock } from './support/fake-clock.js';
import { MemoryAuditSink } from './support/memory-audit-sink.js';
import { startTestApp, type AppKind } from './support/test-apps.js';
import { logIn, request } from './support/test-client.js';
import type { TestServer } from './support/test-server.js';

interface Harness {
  readonly clock: FakeClock;
  readonly audit: MemoryAuditSink;
  readonly server: TestServer;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each<AppKind>(['node:http', 'express'])('phiAccess on %s', (kind) => {
  const servers: TestServer[] = [];
  const stores: MemorySessionStore[] = [];

  async function start(phi: Partial<PhiAccessOptions> = {}): Promise<Harness> {
    const clock = new FakeClock();
    const store = new MemorySessionStore({ now: clock.now });
    stores.push(store);
    const audit = new MemoryAuditSink();
    const sessions = new SessionManager({
      store,
      audit,
      idleTimeout: 900,
      absoluteTimeout: 43200,
      now: clock.now,
    });
    const server = await startTestApp(kind, { sessions, audit, phi });
    servers.push(server);
    return { clock, audit, server };
  }

  /** Logs in as ada and returns the session id, leaving the audit log empty. */
  async function loggedIn(harness: Harness): Promise<string> {
    const sessionId = await logIn(harness.server.url, 'ada');
    harness.audit.records.length = 0;
    return sessionId;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const store of stores.splice(0)) {
      store.close();
    }
  });

  it('rejects a request without a session with 401', async () => {
    const harness = await start();
    const response = await request(`${harness.server.url}/api/patients/123`);
    const [record] = harness.audit.records;

    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('authentication required\n');
    expect(harness.audit.records).toHaveLength(1);
    expect(record?.event).toBe('http.request');
    expect(record?.action).toBe('read');
    expect(record?.outcome).toBe('denied');
    expect(record?.detail).toBe('unauthenticated');
    expect(record?.userId).toBeNull();
    expect(record?.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('rejects a request without purpose with 403', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, { sessionId });
    const [record] = harness.audit.records;

    expect(response.status).toBe(403);
    expect(await response.text()).toBe('purpose of use required\n');
    expect(record?.outcome).toBe('denied');
    expect(record?.detail).toBe('purpose-required');
    expect(record?.userId).toBe('ada');
    expect(record?.role).toBe('physician');
  });

  it('admits a request without purpose when optional', async () => {
    const harness = await start({ purposeOfUse: 'optional' });
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, { sessionId });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: { userId: 'ada', role: 'physician' } });
  });

  const invalidHeaders: { name: string; headers: Record<string, string>; detail: string }[] = [
    {
      name: 'lowercase purpose',
      headers: { 'x-purpose-of-use': 'treat' },
      detail: 'purpose-invalid',
    },
    {
      name: 'two purposes',
      headers: { 'x-purpose-of-use': 'TREAT, BTG' },
      detail: 'purpose-invalid',
    },
    {
      name: 'overlong reason',
      headers: { 'x-purpose-of-use': 'BTG', 'x-break-glass-reason': 'r'.repeat(501) },
      detail: 'reason-invalid',
    },
    {
      name: 'non-ASCII reason',
      headers: { 'x-purpose-of-use': 'BTG', 'x-break-glass-reason': 'caf\u00e9' },
      detail: 'reason-invalid',
    },
  ];

  it.each(invalidHeaders)('rejects $name with 400', async ({ headers, detail }) => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers,
    });
    const [record] = harness.audit.records;

    expect(response.status).toBe(400);
    expect(record?.outcome).toBe('failure');
    expect(record?.detail).toBe(detail);
    expect(record?.purposeOfUse).toBeNull();
    expect(record?.reason).toBeNull();
  });

  it('rejects a method without an action with 405', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, {
      method: 'OPTIONS',
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    const [record] = harness.audit.records;

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(record?.outcome).toBe('failure');
    expect(record?.detail).toBe('method-not-allowed');
  });

  it('attaches the access request', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      subject: { userId: 'ada', role: 'physician' },
      purposeOfUse: 'TREAT',
    });
  });

  it('audits break-glass purpose and reason', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const reason = 'patient unconscious in the emergency department';
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'BTG', 'x-break-glass-reason': reason },
    });
    const [record] = await harness.audit.waitForRecords(1);

    expect(await response.json()).toMatchObject({ purposeOfUse: 'BTG', reason });
    expect(record?.purposeOfUse).toBe('BTG');
    expect(record?.reason).toBe(reason);
    expect(record?.emergency).toBe(true);
  });

  it.each([
    { method: 'GET', action: 'read' },
    { method: 'HEAD', action: 'read' },
    { method: 'POST', action: 'create' },
    { method: 'PUT', action: 'update' },
    { method: 'PATCH', action: 'update' },
    { method: 'DELETE', action: 'delete' },
  ])('audits $method as $action', async ({ method, action }) => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, {
      method,
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    const [record] = await harness.audit.waitForRecords(1);

    expect(response.status).toBe(200);
    expect(record?.event).toBe('http.request');
    expect(record?.action).toBe(action);
    expect(record?.outcome).toBe('success');
    expect(record?.userId).toBe('ada');
    expect(record?.purposeOfUse).toBe('TREAT');
    expect(record?.emergency).toBe(false);
    expect(record?.fields).toEqual([]);
    expect(record?.recordIds).toEqual([]);
    expect(record?.model).toBeNull();
  });

  it.each([
    { status: 200, outcome: 'success' },
    { status: 204, outcome: 'success' },
    { status: 302, outcome: 'success' },
    { status: 401, outcome: 'denied' },
    { status: 403, outcome: 'denied' },
    { status: 404, outcome: 'failure' },
    { status: 500, outcome: 'failure' },
  ])('audits status $status as $outcome', async ({ status, outcome }) => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/status/${status}`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    const [record] = await harness.audit.waitForRecords(1);

    expect(response.status).toBe(status);
    expect(record?.outcome).toBe(outcome);
  });

  it('names the route without the query string', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123?ssn=123-45-6789`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    const [record] = await harness.audit.waitForRecords(1);

    // Express names the matched pattern; plain node:http has only the path that was sent.
    expect(record?.detail).toBe(kind === 'express' ? '/api/patients/:id' : '/api/patients/123');
  });

  it('uses the route option for the detail', async () => {
    const harness = await start({ route: () => '/api/patients/{id}' });
    const sessionId = await loggedIn(harness);
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    const [record] = await harness.audit.waitForRecords(1);

    expect(record?.detail).toBe('/api/patients/{id}');
  });

  it('safe x-request-id tags every entry', async () => {
    const harness = await start();
    const sessionId = await loggedIn(harness);
    harness.clock.advance(900);
    const requestId = 'req-7f3a.41:b_2';
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers: { 'x-request-id': requestId, 'x-purpose-of-use': 'TREAT' },
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(harness.audit.records.map((record) => record.action)).toEqual(['auto-logoff', 'read']);
    expect(harness.audit.records.map((record) => record.requestId)).toEqual([
      requestId,
      requestId,
    ]);
  });

  it.each(['has spaces in it', 'ssn=123-45-6789', '-leading-dash', 'x'.repeat(129)])(
    'replaces the unsafe x-request-id %j',
    async (unsafe) => {
      const harness = await start();
      const response = await request(`${harness.server.url}/api/patients/123`, {
        headers: { 'x-request-id': unsafe },
      });
      const [record] = harness.audit.records;

      expect(record?.requestId).toMatch(uuidPattern);
      expect(response.headers.get('x-request-id')).toBe(record?.requestId);
    },
  );

  it('failed denial audit reaches next', async () => {
    const harness = await start();
    harness.audit.failing = true;
    const response = await request(`${harness.server.url}/api/patients/123`);

    expect(response.status).toBe(500);
  });

  it('late audit failure reaches onAuditError', async () => {
    const failures: AuditEntry[] = [];
    const harness = await start({ onAuditError: (_error, entry) => failures.push(entry) });
    const sessionId = await loggedIn(harness);
    harness.audit.failing = true;
    const response = await request(`${harness.server.url}/api/patients/123`, {
      sessionId,
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    await response.arrayBuffer();
    await expect.poll(() => failures.length).toBe(1);

    expect(response.status).toBe(200);
    expect(failures[0]?.event).toBe('http.request');
    expect(failures[0]?.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('warns when a late audit fails', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const harness = await start();
      const sessionId = await loggedIn(harness);
      harness.audit.failing = true;
      const response = await request(`${harness.server.url}/api/patients/123`, {
        sessionId,
        headers: { 'x-purpose-of-use': 'TREAT' },
      });
      await response.arrayBuffer();
      await expect.poll(() => warnings.length).toBe(1);

      expect(warnings[0]?.name).toBe('HspecAuditWarning');
      expect((warnings[0] as Error & { code?: string }).code).toBe('HSPEC_AUDIT_APPEND_FAILED');
      expect(warnings[0]?.message).toContain(response.headers.get('x-request-id') ?? 'missing');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('accepts an authenticate function', async () => {
    const bearer = (req: IncomingMessage): Subject | undefined =>
      req.headers.authorization === 'Bearer test-token'
        ? { userId: 'oidc-user', role: 'nurse', organizationId: 'org-1' }
        : undefined;
    const harness = await start({ sessions: undefined, authenticate: bearer });
    const response = await request(`${harness.server.url}/api/patients/123`, {
      headers: { authorization: 'Bearer test-token', 'x-purpose-of-use': 'TREAT' },
    });
    const rejected = await request(`${harness.server.url}/api/patients/123`, {
      headers: { authorization: 'Bearer wrong', 'x-purpose-of-use': 'TREAT' },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      subject: { userId: 'oidc-user', role: 'nurse', organizationId: 'org-1' },
    });
    expect(rejected.status).toBe(401);
    expect(JSON.stringify(await harness.audit.waitForRecords(2))).not.toContain('test-token');
  });

  it('audit log holds no secrets', async () => {
    const harness = await start();
    const url = harness.server.url;
    await request(`${url}/login`, {
      method: 'POST',
      body: { username: 'ada', password: 'wrong-Pa55word' },
    });
    const sessionId = await logIn(url, 'ada');
    const headers = { 'x-purpose-of-use': 'TREAT' };
    for (const path of ['/api/patients/123?ssn=123-45-6789', '/api/status/404?name=Lovelace']) {
      const response = await request(`${url}${path}`, { sessionId, headers });
      await response.arrayBuffer();
    }
    await request(`${url}/logout`, { method: 'POST', sessionId });
    const records = await harness.audit.waitForRecords(5);
    const text = JSON.stringify(records);

    expect(records.map((record) => record.action).sort()).toEqual([
      'login',
      'login-failed',
      'logout',
      'read',
      'read',
    ]);
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain('hspec.sid');
    expect(text).not.toContain('Pa55word');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('Lovelace');
    expect(text).not.toContain('?');
  });
});

describe('phiAccess options', () => {
  const audit = new MemoryAuditSink();
  const authenticate = (): undefined => undefined;
  const store = new MemorySessionStore();
  store.close();
  const sessions = new SessionManager({ store, audit, idleTimeout: 60, absoluteTimeout: 60 });

  it.each([
    {
      name: 'both sessions and authenticate',
      options: { audit, sessions, authenticate },
      argument: 'sessions',
    },
    { name: 'neither sessions nor authenticate', options: { audit }, argument: 'authenticate' },
    { name: 'no audit sink', options: { authenticate }, argument: 'audit' },
    {
      name: 'a misspelled purposeOfUse setting',
      options: { audit, authenticate, purposeOfUse: 'Required' },
      argument: 'purposeOfUse',
    },
    {
      name: 'a purpose header with a space',
      options: { audit, authenticate, purposeHeader: 'x purpose' },
      argument: 'purposeHeader',
    },
  ])('rejects $name', ({ options, argument }) => {
    let caught: unknown;
    try {
      phiAccess(options as unknown as PhiAccessOptions);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(HttpArgumentError);
    expect((caught as HttpArgumentError).argument).toBe(argument);
  });

  it('leaves other requests without an access request', () => {
    expect(accessRequestOf({ headers: {} } as IncomingMessage)).toBeUndefined();
  });
});
