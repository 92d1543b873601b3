import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

import express from 'express';

import {
  accessRequestOf,
  phiAccess,
  requireTls,
  type AuditSink,
  type HttpMiddleware,
  type PhiAccessOptions,
  type RequireTlsOptions,
  type SessionManager,
} from '../../../src/index.js';
import { listen, type TestServer } from './test-server.js';

/** The one password that logs in; tests check that it never reaches the audit log. */
export const testPassword = 'correct horse battery staple';

/** The accounts of the test apps. */
export const testUsers: Readonly<Record<string, { readonly role: string }>> = {
  ada: { role: 'physician' },
  grace: { role: 'nurse' },
};

/** What the test apps are built from. */
export interface TestAppOptions {
  readonly sessions: SessionManager;
  readonly audit: AuditSink;
  /** Options of `phiAccess` that replace the defaults (sessions and audit above). */
  readonly phi?: Partial<PhiAccessOptions>;
  /** When given, `requireTls` with these options runs before every route. */
  readonly tls?: RequireTlsOptions;
  /** When given, the app serves HTTPS with this PEM key and certificate. */
  readonly certificate?: { readonly key: string; readonly cert: string };
}

/** The two ways an application mounts the middleware, with the same routes. */
export type AppKind = 'node:http' | 'express';

/** Starts a test app of the given kind on 127.0.0.1. */
export function startTestApp(kind: AppKind, options: TestAppOptions): Promise<TestServer> {
  return kind === 'express' ? startExpressApp(options) : startNodeApp(options);
}

function phiMiddleware(options: TestAppOptions): HttpMiddleware {
  const phi = { sessions: options.sessions, audit: options.audit, ...options.phi };
  return phiAccess(phi as PhiAccessOptions);
}

/**
 * Logs in when the body names a known user and the test password, and audits a failed login
 * otherwise, with the user id only for a known account.
 */
async function handleLogin(
  options: TestAppOptions,
  req: IncomingMessage,
  res: ServerResponse,
  body: { readonly username?: unknown; readonly password?: unknown },
): Promise<void> {
  const username = typeof body.username === 'string' ? body.username : '';
  const user = Object.hasOwn(testUsers, username) ? testUsers[username] : undefined;
  if (user === undefined || body.password !== testPassword) {
    const reason = user === undefined ? 'unknown-user' : 'bad-password';
    await options.sessions.recordFailedLogin(req, {
      userId: user === undefined ? undefined : username,
      reason,
    });
    res.statusCode = 401;
    res.end();
    return;
  }

  await options.sessions.login(req, res, { userId: username, role: user.role });
  res.statusCode = 204;
  res.end();
}

async function handleWhoami(
  options: TestAppOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const subject = await options.sessions.authenticate(req);
  res.statusCode = subject === undefined ? 401 : 200;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(subject ?? null));
}

/** Sends the access request that phiAccess attached, or the status that the path names. */
function handlePhiRoute(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(accessRequestOf(req) ?? null));
}

async function startExpressApp(options: TestAppOptions): Promise<TestServer> {
  const app = express();
  if (options.tls !== undefined) {
    app.use(requireTls(options.tls));
  }
  app.use(express.json());
  app.post('/login', (req, res) => handleLogin(options, req, res, req.body ?? {}));
  app.post('/logout', async (req, res) => {
    await options.sessions.logout(req, res);
    res.status(204).end();
  });
  app.get('/whoami', (req, res) => handleWhoami(options, req, res));
  app.get('/plain', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  const api = express.Router();
  api.use(phiMiddleware(options));
  api.all('/patients/:id', (req, res) => handlePhiRoute(req, res, 200));
  api.get('/status/:code', (req, res) => handlePhiRoute(req, res, Number(req.params.code)));
  app.use('/api', api);

  return serve(options, app);
}

function serve(options: TestAppOptions, listener: RequestListener): Promise<TestServer> {
  if (options.certificate === undefined) {
    return listen(createServer(listener));
  }
  return listen(createHttpsServer(options.certificate, listener), 'https');
}

async function startNodeApp(options: TestAppOptions): Promise<TestServer> {
  const tls = options.tls === undefined ? undefined : requireTls(options.tls);
  const phi = phiMiddleware(options);

  return serve(options, (req, res) => {
    const fail = (error: unknown): void => {
      res.statusCode = error === undefined ? 404 : 500;
      res.end();
    };
    const route = (): void => {
      routeNodeRequest(options, phi, req, res).catch(fail);
    };
    if (tls === undefined) {
      route();
      return;
    }
    tls(req, res, (error) => (error === undefined ? route() : fail(error)));
  });
}

async function routeNodeRequest(
  options: TestAppOptions,
  phi: HttpMiddleware,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'POST' && path === '/login') {
    await handleLogin(options, req, res, JSON.parse(await readBody(req)));
    return;
  }
  if (req.method === 'POST' && path === '/logout') {
    await options.sessions.logout(req, res);
    res.statusCode = 204;
    res.end();
    return;
  }
  if (req.method === 'GET' && path === '/whoami') {
    await handleWhoami(options, req, res);
    return;
  }
  if (req.method === 'GET' && path === '/plain') {
    res.setHeader('Content-Type', 'text/plain');
    res.end('ok');
    return;
  }

  if (!path.startsWith('/api/')) {
    res.statusCode = 404;
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    phi(req, res, (error) => (error === undefined ? resolve() : reject(error)));
    // A rejected request never calls next; its response ends the wait instead.
    res.once('finish', resolve);
  });
  if (res.writableEnded) {
    return;
  }
  const status = /^\/api\/status\/(\d{3})$/.exec(path)?.[1];
  handlePhiRoute(req, res, status === undefined ? 200 : Number(status));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
