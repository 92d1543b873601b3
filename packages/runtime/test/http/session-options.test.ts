import { describe, expect, it } from 'vitest';

import {
  HttpArgumentError,
  HspecRuntimeError,
  MemorySessionStore,
  SessionManager,
  type SessionManagerOptions,
} from '../../src/index.js';
import { MemoryAuditSink } from './support/memory-audit-sink.js';

const store = new MemorySessionStore();
store.close();
const valid: SessionManagerOptions = {
  store,
  audit: new MemoryAuditSink(),
  idleTimeout: 900,
  absoluteTimeout: 43200,
};

function errorOf(build: () => unknown): HttpArgumentError {
  try {
    build();
  } catch (error) {
    if (error instanceof HttpArgumentError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an HttpArgumentError');
}

describe('SessionManager options', () => {
  it.each([
    { name: 'zero idle timeout', change: { idleTimeout: 0 }, argument: 'idleTimeout' },
    { name: 'fractional idle timeout', change: { idleTimeout: 1.5 }, argument: 'idleTimeout' },
    {
      name: 'negative absolute timeout',
      change: { absoluteTimeout: -1 },
      argument: 'absoluteTimeout',
    },
    { name: 'idle longer than absolute', change: { idleTimeout: 50000 }, argument: 'idleTimeout' },
    {
      name: 'cookie name with a space',
      change: { cookie: { name: 'my sid' } },
      argument: 'cookie.name',
    },
    {
      name: 'SameSite None without Secure',
      change: { cookie: { sameSite: 'none', secure: false } },
      argument: 'cookie.sameSite',
    },
    {
      name: '__Host- name without Secure',
      change: { cookie: { name: '__Host-sid', secure: false } },
      argument: 'cookie.name',
    },
    { name: 'missing store', change: { store: undefined }, argument: 'store' },
    { name: 'missing audit sink', change: { audit: undefined }, argument: 'audit' },
  ] as const)('rejects $name', ({ change, argument }) => {
    const options = { ...valid, ...change } as unknown as SessionManagerOptions;
    const error = errorOf(() => new SessionManager(options));

    expect(error).toBeInstanceOf(HspecRuntimeError);
    expect(error.code).toBe('http.invalid-argument');
    expect(error.argument).toBe(argument);
  });

  it('accepts SameSite None with Secure', () => {
    const sessions = new SessionManager({ ...valid, cookie: { sameSite: 'none', secure: true } });

    expect(sessions.cookieName).toBe('hspec.sid');
  });

  it('accepts an idle timeout equal to the absolute one', () => {
    expect(() => new SessionManager({ ...valid, idleTimeout: 43200 })).not.toThrow();
  });
});

describe('SessionManager arguments', () => {
  const sessions = new SessionManager(valid);
  const req = { headers: {} } as never;

  it.each(['wrong password', 'Bad-Password', 'hunter2 typed here', '', 'a..b'])(
    'rejects failed-login reason %j',
    async (reason) => {
      const error = await sessions.recordFailedLogin(req, { reason }).catch((caught) => caught);

      expect(error).toBeInstanceOf(HttpArgumentError);
      expect((error as HttpArgumentError).argument).toBe('reason');
    },
  );

  it('keeps a rejected reason out of the message', async () => {
    const reason = 'hunter2 typed here';
    const error = await sessions.recordFailedLogin(req, { reason }).catch((caught) => caught);

    expect((error as Error).message).not.toContain('hunter2');
  });

  it.each([
    { subject: { userId: '', role: 'nurse' }, argument: 'subject.userId' },
    { subject: { userId: 'ada', role: '' }, argument: 'subject.role' },
  ])('login rejects $argument when empty', async ({ subject, argument }) => {
    const res = { headersSent: false } as never;
    const error = await sessions.login(req, res, subject).catch((caught) => caught);

    expect(error).toBeInstanceOf(HttpArgumentError);
    expect((error as HttpArgumentError).argument).toBe(argument);
  });

  it('login rejects a response already sent', async () => {
    const res = { headersSent: true } as never;
    const error = await sessions
      .login(req, res, { userId: 'ada', role: 'nurse' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(HttpArgumentError);
    expect((error as HttpArgumentError).argument).toBe('res');
  });
});
