import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { MemorySessionStore, SessionManager, type RequireTlsOptions } from '../../src/index.js';
import { isLoopbackAddress } from '../../src/http/is-loopback-address.js';
import { createTestCertificate, hasOpenssl, type TestCertificate } from './support/certificate.js';
import { httpsGet } from './support/https-request.js';
import { MemoryAuditSink } from './support/memory-audit-sink.js';
import { startTestApp, type AppKind } from './support/test-apps.js';
import { request } from './support/test-client.js';
import type { TestServer } from './support/test-server.js';

const hsts = 'max-age=31536000; includeSubDomains';
const opensslAvailable = hasOpenssl();

describe.each<AppKind>(['node:http', 'express'])('requireTls on %s', (kind) => {
  const servers: TestServer[] = [];
  const stores: MemorySessionStore[] = [];

  async function start(
    tls: RequireTlsOptions,
    certificate?: TestCertificate,
  ): Promise<TestServer> {
    const store = new MemorySessionStore();
    stores.push(store);
    const audit = new MemoryAuditSink();
    const sessions = new SessionManager({ store, audit, idleTimeout: 900, absoluteTimeout: 3600 });
    const server = await startTestApp(kind, { sessions, audit, tls, certificate });
    servers.push(server);
    return server;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const store of stores.splice(0)) {
      store.close();
    }
  });

  it.each(['GET', 'POST'])('rejects plain HTTP %s with 403', async (method) => {
    const server = await start({ requireTls: true });
    const response = await request(`${server.url}/plain`, { method });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(await response.text()).toBe('HTTPS is required\n');
  });

  it('passes plain HTTP when TLS is not required', async () => {
    const server = await start({ requireTls: false });
    const response = await request(`${server.url}/plain`);

    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('passes loopback HTTP in local development', async () => {
    const server = await start({ requireTls: true, allowLocalDevelopment: true });
    const response = await request(`${server.url}/plain`);

    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(['x-forwarded-for', 'x-forwarded-proto', 'forwarded', 'x-real-ip'])(
    'treats loopback HTTP with %s as proxied',
    async (header) => {
      const server = await start({ requireTls: true, allowLocalDevelopment: true });
      const response = await request(`${server.url}/plain`, { headers: { [header]: 'http' } });

      expect(response.status).toBe(403);
    },
  );

  it.each([
    { proto: 'https', status: 200 },
    { proto: 'HTTPS', status: 200 },
    { proto: 'https, http', status: 200 },
    { proto: 'http, https', status: 403 },
    { proto: 'http', status: 403 },
  ])('trustProxy maps X-Forwarded-Proto $proto to $status', async ({ proto, status }) => {
    const server = await start({ requireTls: true, trustProxy: true });
    const response = await request(`${server.url}/plain`, {
      headers: { 'x-forwarded-proto': proto },
    });

    expect(response.status).toBe(status);
    expect(response.headers.get('strict-transport-security')).toBe(status === 200 ? hsts : null);
  });

  it('ignores X-Forwarded-Proto without trustProxy', async () => {
    const server = await start({ requireTls: true });
    const response = await request(`${server.url}/plain`, {
      headers: { 'x-forwarded-proto': 'https' },
    });

    expect(response.status).toBe(403);
  });

  describe.skipIf(!opensslAvailable)('over TLS', () => {
    let certificate: TestCertificate;

    beforeAll(() => {
      certificate = createTestCertificate();
    });

    it('passes the request and sends HSTS', async () => {
      const server = await start({ requireTls: true }, certificate);
      const response = await httpsGet(`${server.url}/plain`, certificate.cert);

      expect(response.status).toBe(200);
      expect(response.body).toBe('ok');
      expect(response.headers['strict-transport-security']).toBe(hsts);
    });

    it('sends HSTS when TLS is not required', async () => {
      const server = await start({ requireTls: false }, certificate);
      const response = await httpsGet(`${server.url}/plain`, certificate.cert);

      expect(response.headers['strict-transport-security']).toBe(hsts);
    });
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    { address: '127.0.0.1', loopback: true },
    { address: '127.200.3.4', loopback: true },
    { address: '::1', loopback: true },
    { address: '::ffff:127.0.0.1', loopback: true },
    { address: '10.0.0.1', loopback: false },
    { address: '::ffff:10.0.0.1', loopback: false },
    { address: '128.0.0.1', loopback: false },
    { address: '127.example.org', loopback: false },
    { address: 'fe80::1', loopback: false },
    { address: undefined, loopback: false },
  ])('$address is loopback: $loopback', ({ address, loopback }) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
