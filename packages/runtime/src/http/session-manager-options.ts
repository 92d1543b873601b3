import type { AuditSink } from '../audit/audit-sink.js';
import { HttpArgumentError } from './http-argument-error.js';
import type { SessionCookieOptions } from './session-cookie-options.js';
import type { SessionStore } from './session-store.js';

/** Options of a `SessionManager`, matching the spec's `security.sessions` section. */
export interface SessionManagerOptions {
  readonly store: SessionStore;
  /** Receives `login`, `logout`, `login-failed` and `auto-logoff` entries. */
  readonly audit: AuditSink;
  /** Seconds without a request after which the session ends (automatic logoff). */
  readonly idleTimeout: number;
  /** Seconds after login after which the session ends, however active it is. */
  readonly absoluteTimeout: number;
  /**
   * When true (the default), each authenticated request moves the idle expiry to `idleTimeout`
   * seconds later. When false, the session ends `idleTimeout` seconds after login.
   */
  readonly rolling?: boolean;
  readonly cookie?: SessionCookieOptions;
  /** Clock in milliseconds since the epoch. Defaults to `Date.now`. Tests pass their own. */
  readonly now?: () => number;
}

/** Session manager options with every default filled in, after they were checked. */
export interface ResolvedSessionOptions {
  readonly store: SessionStore;
  readonly audit: AuditSink;
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly absoluteTimeoutSeconds: number;
  readonly rolling: boolean;
  readonly cookie: Required<SessionCookieOptions>;
  readonly now: () => number;
}

// The token characters that RFC 6265 allows in a cookie name.
const cookieNamePattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Checks session manager options and fills in the defaults, or throws `HttpArgumentError`. */
export function resolveSessionOptions(options: SessionManagerOptions): ResolvedSessionOptions {
  if (typeof options.store?.get !== 'function') {
    throw new HttpArgumentError({ argument: 'store', problem: 'must be a SessionStore' });
  }
  if (typeof options.audit?.append !== 'function') {
    throw new HttpArgumentError({ argument: 'audit', problem: 'must be an AuditSink' });
  }

  checkSeconds('idleTimeout', options.idleTimeout);
  checkSeconds('absoluteTimeout', options.absoluteTimeout);
  if (options.idleTimeout > options.absoluteTimeout) {
    throw new HttpArgumentError({
      argument: 'idleTimeout',
      problem: 'must not be longer than absoluteTimeout',
    });
  }

  return {
    store: options.store,
    audit: options.audit,
    idleTimeoutMs: options.idleTimeout * 1000,
    absoluteTimeoutMs: options.absoluteTimeout * 1000,
    absoluteTimeoutSeconds: options.absoluteTimeout,
    rolling: options.rolling ?? true,
    cookie: resolveCookie(options.cookie ?? {}),
    now: options.now ?? Date.now,
  };
}

function checkSeconds(argument: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    const problem = 'must be a positive whole number of seconds';
    throw new HttpArgumentError({ argument, problem });
  }
}

function resolveCookie(cookie: SessionCookieOptions): Required<SessionCookieOptions> {
  const resolved = {
    name: cookie.name ?? 'hspec.sid',
    secure: cookie.secure ?? true,
    httpOnly: cookie.httpOnly ?? true,
    sameSite: cookie.sameSite ?? 'strict',
  };

  if (!cookieNamePattern.test(resolved.name)) {
    throw new HttpArgumentError({
      argument: 'cookie.name',
      problem: 'must be a cookie token: letters, digits and !#$%&\'*+-.^_`|~',
    });
  }
  if (!['strict', 'lax', 'none'].includes(resolved.sameSite)) {
    throw new HttpArgumentError({
      argument: 'cookie.sameSite',
      problem: 'must be strict, lax or none',
    });
  }
  // Browsers reject a SameSite=None cookie, and a __Secure- or __Host- cookie, without Secure.
  if (resolved.sameSite === 'none' && !resolved.secure) {
    throw new HttpArgumentError({
      argument: 'cookie.sameSite',
      problem: 'none needs secure: true, because browsers reject the cookie otherwise',
    });
  }
  if (/^__(Secure|Host)-/.test(resolved.name) && !resolved.secure) {
    throw new HttpArgumentError({
      argument: 'cookie.name',
      problem: 'a __Secure- or __Host- prefix needs secure: true',
    });
  }
  return resolved;
}
