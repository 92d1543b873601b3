import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Subject } from '../policy/access-request.js';
import { httpAuditEntry } from './http-audit-entry.js';
import { HttpArgumentError } from './http-argument-error.js';
import { readCookie } from './read-cookie.js';
import { requestIdOf } from './request-id.js';
import { serializeCookie } from './serialize-cookie.js';
import { isSessionId, newSessionId, sessionStoreKey } from './session-id.js';
import {
  resolveSessionOptions,
  type ResolvedSessionOptions,
  type SessionManagerOptions,
} from './session-manager-options.js';
import type { StoredSession } from './stored-session.js';

/** A failed login attempt as `recordFailedLogin` audits it. */
export interface FailedLogin {
  /**
   * The account the attempt was for, when the submitted username matches an existing account.
   * Leave it out otherwise: people sometimes type their password into the username field.
   */
  readonly userId?: string | undefined;
  /** A stable code such as `bad-password`, `unknown-user` or `locked`, never free text. */
  readonly reason: string;
}

interface LiveSession {
  readonly key: string;
  readonly session: StoredSession;
}

// Lowercase words joined by `-` or `.`: a code cannot carry a password or a typed secret.
const reasonCodePattern = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * Creates, checks and ends login sessions held in a `SessionStore`, and audits each login,
 * logout, failed login and automatic logoff (45 CFR 164.312(a)(2)(iii) and 164.312(b)).
 *
 * The session id is 256 random bits in a cookie, and the store receives only its SHA-256. A login
 * always issues a new id, so an id planted in a browser before login never becomes valid
 * (session fixation). A session ends when it is idle for `idleTimeout` seconds or when
 * `absoluteTimeout` seconds have passed since login, whichever comes first.
 *
 * @example
 * ```ts
 * const sessions = new SessionManager({
 *   store: new MemorySessionStore(),
 *   audit,
 *   idleTimeout: 900,
 *   absoluteTimeout: 43200,
 * });
 * // in the login route, after the password or the OIDC callback checked out:
 * await sessions.login(req, res, { userId: user.id, role: user.role });
 * ```
 */
export class SessionManager {
  readonly #options: ResolvedSessionOptions;
  // One lookup per request, so a request that several handlers authenticate extends the
  // session once and audits an automatic logoff once.
  readonly #subjects = new WeakMap<IncomingMessage, Promise<Subject | undefined>>();

  constructor(options: SessionManagerOptions) {
    this.#options = resolveSessionOptions(options);
  }

  /** Name of the session cookie. */
  get cookieName(): string {
    return this.#options.cookie.name;
  }

  /**
   * Starts a session for `subject` after the application has verified the credentials. Any
   * session the request already had ends first and is audited as a logout. Sets the cookie on
   * `res`, so call it before the response is written.
   */
  async login(req: IncomingMessage, res: ServerResponse, subject: Subject): Promise<void> {
    checkSubject(subject);
    checkHeadersNotSent(res, 'login');
    const { store, cookie, absoluteTimeoutMs, absoluteTimeoutSeconds } = this.#options;

    const previous = await this.#liveSession(req);
    if (previous !== undefined) {
      await this.#end(req, previous, 'logout', 'session-replaced');
    }

    const sessionId = newSessionId();
    const key = sessionStoreKey(sessionId);
    const now = this.#options.now();
    const session: StoredSession = {
      subject: copySubject(subject),
      createdAt: now,
      idleExpiresAt: now + this.#options.idleTimeoutMs,
      absoluteExpiresAt: now + absoluteTimeoutMs,
    };
    await store.set(key, session, this.#retentionMs(session, now));

    try {
      await this.#audit(req, 'login', subject);
    } catch (error) {
      await store.delete(key);
      throw error;
    }

    res.appendHeader('Set-Cookie', serializeCookie(cookie, sessionId, absoluteTimeoutSeconds));
    this.#subjects.set(req, Promise.resolve(session.subject));
  }

  /**
   * Ends the request's session, if it has one, and clears the cookie. Resolves to true when a
   * session ended, which is then audited as a logout.
   */
  async logout(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    checkHeadersNotSent(res, 'logout');

    const live = await this.#liveSession(req);
    const ended = live !== undefined && (await this.#end(req, live, 'logout', undefined));

    res.appendHeader('Set-Cookie', serializeCookie(this.#options.cookie, '', 0));
    this.#subjects.set(req, Promise.resolve(undefined));
    return ended;
  }

  /**
   * Audits a failed login. It records the reason code and, when given, the account id, but
   * never the password or any other submitted secret.
   */
  async recordFailedLogin(req: IncomingMessage, attempt: FailedLogin): Promise<void> {
    if (typeof attempt.reason !== 'string' || !reasonCodePattern.test(attempt.reason)) {
      const problem =
        'must be a code of lowercase letters and digits joined by - or ., such as bad-password';
      throw new HttpArgumentError({ argument: 'reason', problem });
    }
    if (attempt.userId !== undefined && !isNonEmptyString(attempt.userId)) {
      throw new HttpArgumentError({ argument: 'userId', problem: 'must be a non-empty string' });
    }

    const entry = httpAuditEntry({
      event: 'auth.login-failed',
      action: 'login-failed',
      outcome: 'failure',
      userId: attempt.userId,
      requestId: requestIdOf(req),
      detail: attempt.reason,
    });
    await this.#options.audit.append(entry);
  }

  /**
   * Returns the subject of the request's session, or undefined when there is no valid session.
   * An expired session is deleted and audited as an automatic logoff, once. With rolling
   * expiry, the call extends the idle expiry, never past the absolute one.
   */
  authenticate(req: IncomingMessage): Promise<Subject | undefined> {
    const known = this.#subjects.get(req);
    if (known !== undefined) {
      return known;
    }

    const subject = this.#authenticate(req);
    this.#subjects.set(req, subject);
    // A failed lookup, such as a store that is down, may be retried by a later call.
    subject.catch(() => this.#subjects.delete(req));
    return subject;
  }

  async #authenticate(req: IncomingMessage): Promise<Subject | undefined> {
    const live = await this.#liveSession(req);
    if (live === undefined) {
      return undefined;
    }
    if (!this.#options.rolling) {
      return live.session.subject;
    }

    const now = this.#options.now();
    const { session } = live;
    const idleExpiresAt = Math.min(now + this.#options.idleTimeoutMs, session.absoluteExpiresAt);
    const extended: StoredSession = { ...session, idleExpiresAt };
    const retention = this.#retentionMs(session, now);
    const stillThere = await this.#options.store.replace(live.key, extended, retention);
    // A concurrent logout deleted the session between the lookup and the extension.
    return stillThere ? session.subject : undefined;
  }

  /**
   * Returns how long the store keeps a session from `now`: until one idle timeout after its
   * absolute expiry. A request that comes back after either timeout then still finds the entry
   * and audits the automatic logoff. A browser that stays away longer finds nothing, and the
   * session ends without an `auto-logoff` record.
   */
  #retentionMs(session: StoredSession, now: number): number {
    return session.absoluteExpiresAt + this.#options.idleTimeoutMs - now;
  }

  /**
   * Looks up the session named by the request's cookie. An expired one is deleted, and the
   * request whose delete removed it audits the automatic logoff.
   */
  async #liveSession(req: IncomingMessage): Promise<LiveSession | undefined> {
    const sessionId = readCookie(req, this.#options.cookie.name);
    if (sessionId === undefined || !isSessionId(sessionId)) {
      return undefined;
    }

    const key = sessionStoreKey(sessionId);
    const session = await this.#options.store.get(key);
    if (session === undefined) {
      return undefined;
    }

    const expiry = expiryOf(session, this.#options.now());
    if (expiry !== undefined) {
      await this.#end(req, { key, session }, 'auto-logoff', expiry);
      return undefined;
    }
    return { key, session };
  }

  /**
   * Deletes a session and audits its end. Resolves to false when another request deleted it
   * first.
   */
  async #end(
    req: IncomingMessage,
    live: LiveSession,
    action: 'logout' | 'auto-logoff',
    detail: string | undefined,
  ): Promise<boolean> {
    const deleted = await this.#options.store.delete(live.key);
    if (deleted) {
      await this.#audit(req, action, live.session.subject, detail);
    }
    return deleted;
  }

  async #audit(
    req: IncomingMessage,
    action: 'login' | 'logout' | 'auto-logoff',
    subject: Subject,
    detail?: string,
  ): Promise<void> {
    const entry = httpAuditEntry({
      event: `auth.${action}`,
      action,
      outcome: 'success',
      userId: subject.userId,
      role: subject.role,
      requestId: requestIdOf(req),
      detail,
    });
    await this.#options.audit.append(entry);
  }
}

/** Says why a session has ended at `now`, or undefined while it is valid. */
function expiryOf(session: StoredSession, now: number): string | undefined {
  if (now >= session.absoluteExpiresAt) {
    return 'absolute-timeout';
  }
  if (now >= session.idleExpiresAt) {
    return 'idle-timeout';
  }
  return undefined;
}

function checkSubject(subject: Subject): void {
  const problem = 'must be a non-empty string';
  if (!isNonEmptyString(subject?.userId)) {
    throw new HttpArgumentError({ argument: 'subject.userId', problem });
  }
  if (!isNonEmptyString(subject.role)) {
    throw new HttpArgumentError({ argument: 'subject.role', problem });
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function checkHeadersNotSent(res: ServerResponse, method: string): void {
  if (res.headersSent) {
    throw new HttpArgumentError({
      argument: 'res',
      problem: `headers were already sent; call ${method} before writing the response`,
    });
  }
}

/** Copies the known subject properties, leaving out any others the caller's object has. */
function copySubject(subject: Subject): Subject {
  const copy: { -readonly [K in keyof Subject]: Subject[K] } = {
    userId: subject.userId,
    role: subject.role,
  };
  if (subject.organizationId !== undefined) {
    copy.organizationId = subject.organizationId;
  }
  if (subject.patientId !== undefined) {
    copy.patientId = subject.patientId;
  }
  return copy;
}
