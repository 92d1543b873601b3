import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { Action } from '../policy/action.js';
import type { Subject } from '../policy/access-request.js';
import { attachAccessRequest } from './access-request-of.js';
import { auditActionOfMethod } from './audit-action-of-method.js';
import { auditOutcomeOfStatus } from './audit-outcome-of-status.js';
import { httpAuditEntry } from './http-audit-entry.js';
import { HttpArgumentError } from './http-argument-error.js';
import type { HttpMiddleware } from './http-middleware.js';
import { requestIdOf } from './request-id.js';
import { routePathOf } from './route-path-of.js';

/** Finds the user behind a request, or returns undefined when the request is not logged in. */
export type Authenticate = (
  req: IncomingMessage,
) => Subject | undefined | Promise<Subject | undefined>;

interface PhiAccessCommonOptions {
  /** Receives one `http.request` entry per request, denied ones included. */
  readonly audit: AuditSink;
  /** Whether a request must state its purpose of use. Defaults to `required`. */
  readonly purposeOfUse?: 'required' | 'optional';
  /** Header holding the HL7 v3 PurposeOfUse code. Defaults to `x-purpose-of-use`. */
  readonly purposeHeader?: string;
  /** Header holding the break-glass reason. Defaults to `x-break-glass-reason`. */
  readonly reasonHeader?: string;
  /**
   * Returns the route pattern that the audit entry names, such as `/patients/:id`. By default
   * it is the matched Express route, else the URL path without its query string. When this
   * function throws, the default is used.
   */
  readonly route?: (req: IncomingMessage) => string;
  /**
   * Callback for an audit entry that failed to be written after the response. By default the
   * failure becomes a process warning (`HSPEC_AUDIT_APPEND_FAILED`), because the response has
   * already gone.
   */
  readonly onAuditError?: (error: unknown, entry: AuditEntry) => void;
}

/** Options of the `phiAccess` middleware: a `SessionManager` or an `authenticate` function. */
export type PhiAccessOptions = PhiAccessCommonOptions &
  (
    | {
        readonly sessions: { authenticate(req: IncomingMessage): Promise<Subject | undefined> };
        readonly authenticate?: undefined;
      }
    | { readonly authenticate: Authenticate; readonly sessions?: undefined }
  );

interface Denial {
  readonly status: 400 | 401 | 403 | 405;
  /** Stable code that the audit entry records as its detail. */
  readonly detail: keyof typeof denialMessages;
  /** The request's action, or undefined for a method that has none. */
  readonly action?: Action | undefined;
  readonly subject?: Subject | undefined;
}

// Response bodies: short, and never echoing what the request sent.
const denialMessages = {
  unauthenticated: 'authentication required',
  'method-not-allowed': 'method not allowed on PHI routes',
  'purpose-required': 'purpose of use required',
  'purpose-invalid': 'purpose of use must be an HL7 v3 PurposeOfUse code such as TREAT',
  'reason-invalid': 'break-glass reason must be 1 to 500 printable ASCII characters',
} as const;

// HL7 v3 PurposeOfUse codes are uppercase letters, such as TREAT, HPAYMT or BTG.
const purposePattern = /^[A-Z][A-Z0-9]{0,31}$/;
// Printable ASCII: a header value cannot carry other characters without an encoding.
const reasonPattern = /^[\x20-\x7e]{1,500}$/;

/**
 * Builds middleware for routes that serve PHI. It authenticates the request, reads its purpose
 * of use and break-glass reason, attaches the resulting `AccessRequest` (read it with
 * `accessRequestOf`), and audits the request when the response is finished (45 CFR
 * 164.312(b)). A request without a subject gets 401, and one without a required purpose gets
 * 403. Both are audited before the response is sent.
 *
 * Audit entries name the route pattern, never the query string, whose values may be PHI.
 *
 * @example
 * ```ts
 * app.use('/api', phiAccess({ sessions, audit }));
 * ```
 */
export function phiAccess(options: PhiAccessOptions): HttpMiddleware {
  const authenticate = resolveAuthenticate(options);
  if (typeof options.audit?.append !== 'function') {
    throw new HttpArgumentError({ argument: 'audit', problem: 'must be an AuditSink' });
  }
  const purposeOfUseSetting = options.purposeOfUse ?? 'required';
  // A typo such as `Required` must not quietly make the purpose optional.
  if (purposeOfUseSetting !== 'required' && purposeOfUseSetting !== 'optional') {
    const problem = 'must be required or optional';
    throw new HttpArgumentError({ argument: 'purposeOfUse', problem });
  }
  const purposeRequired = purposeOfUseSetting === 'required';
  const purposeHeader = headerName('purposeHeader', options.purposeHeader ?? 'x-purpose-of-use');
  const reasonHeader = headerName('reasonHeader', options.reasonHeader ?? 'x-break-glass-reason');
  const route = options.route ?? routePathOf;
  // A throwing `route` option must not turn into an uncaught exception in a 'close' listener.
  const describeRoute = (req: IncomingMessage): string => {
    try {
      return route(req);
    } catch {
      return routePathOf(req);
    }
  };
  const onAuditError = options.onAuditError ?? warnAboutAuditError;

  async function admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const requestId = requestIdOf(req);
    if (!res.headersSent) {
      res.setHeader('X-Request-Id', requestId);
    }

    const subject = await authenticate(req);
    const action = auditActionOfMethod(req.method);
    if (subject === undefined) {
      await deny(req, res, options.audit, { status: 401, detail: 'unauthenticated', action });
      return false;
    }
    if (action === undefined) {
      await deny(req, res, options.audit, { status: 405, detail: 'method-not-allowed', subject });
      return false;
    }

    const purposeOfUse = singleHeader(req, purposeHeader);
    const reason = singleHeader(req, reasonHeader);
    const problem = findHeaderProblem(purposeOfUse, reason, purposeRequired);
    if (problem !== undefined) {
      await deny(req, res, options.audit, { ...problem, action, subject });
      return false;
    }

    attachAccessRequest(req, { subject, purposeOfUse, reason });
    // PHI must not stay in browser or proxy caches, but a route may still set its own policy.
    if (!res.headersSent) {
      res.setHeader('Cache-Control', 'no-store');
    }
    res.once('close', () => {
      // A response that never finished (the client went away) may have sent part of its body.
      const outcome = res.writableFinished ? auditOutcomeOfStatus(res.statusCode) : 'failure';
      const entry = httpAuditEntry({
        event: 'http.request',
        action,
        outcome,
        userId: subject.userId,
        role: subject.role,
        requestId,
        detail: describeRoute(req),
        purposeOfUse,
        reason,
        emergency: purposeOfUse === 'BTG',
      });
      options.audit.append(entry).catch((error: unknown) => onAuditError(error, entry));
    });
    return true;
  }

  return (req, res, next) => {
    admit(req, res).then(
      (admitted) => {
        if (admitted) {
          next();
        }
      },
      (error: unknown) => next(error),
    );
  };
}

/** Checks the purpose of use and break-glass reason headers of an authenticated request. */
function findHeaderProblem(
  purposeOfUse: string | undefined,
  reason: string | undefined,
  purposeRequired: boolean,
): Pick<Denial, 'status' | 'detail'> | undefined {
  if (purposeOfUse === undefined && purposeRequired) {
    return { status: 403, detail: 'purpose-required' };
  }
  if (purposeOfUse !== undefined && !purposePattern.test(purposeOfUse)) {
    return { status: 400, detail: 'purpose-invalid' };
  }
  if (reason !== undefined && !reasonPattern.test(reason)) {
    return { status: 400, detail: 'reason-invalid' };
  }
  return undefined;
}

/** Audits a rejected request, then sends its status with a short plain-text body. */
async function deny(
  req: IncomingMessage,
  res: ServerResponse,
  audit: AuditSink,
  denial: Denial,
): Promise<void> {
  const entry = httpAuditEntry({
    event: 'http.request',
    // AuditEntry needs an action, and an unknown method touches no data, so it counts as a read.
    action: denial.action ?? 'read',
    outcome: auditOutcomeOfStatus(denial.status),
    userId: denial.subject?.userId,
    role: denial.subject?.role,
    requestId: requestIdOf(req),
    detail: denial.detail,
  });
  await audit.append(entry);

  const body = `${denialMessages[denial.detail]}\n`;
  res.statusCode = denial.status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  if (denial.status === 405) {
    res.setHeader('Allow', 'GET, HEAD, POST, PUT, PATCH, DELETE');
  }
  res.end(body);
}

function resolveAuthenticate(options: PhiAccessOptions): Authenticate {
  const { sessions, authenticate } = options;
  if (sessions !== undefined && authenticate !== undefined) {
    throw new HttpArgumentError({
      argument: 'sessions',
      problem: 'pass either sessions or authenticate, not both',
    });
  }
  if (authenticate !== undefined && typeof authenticate === 'function') {
    return authenticate;
  }
  if (sessions !== undefined && typeof sessions.authenticate === 'function') {
    return (req) => sessions.authenticate(req);
  }
  throw new HttpArgumentError({
    argument: 'authenticate',
    problem: 'pass a SessionManager as sessions, or an authenticate function',
  });
}

function headerName(argument: string, name: string): string {
  if (!/^[a-z0-9-]+$/i.test(name)) {
    throw new HttpArgumentError({ argument, problem: 'must be a header name: letters, digits, -' });
  }
  return name.toLowerCase();
}

/** Returns a header's trimmed value, or undefined when it is absent or empty. */
function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers[name];
  const value = Array.isArray(header) ? header.join(', ') : header;
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function warnAboutAuditError(error: unknown, entry: AuditEntry): void {
  const cause = error instanceof Error ? error.message : String(error);
  process.emitWarning(`audit entry of request ${entry.requestId ?? ''} was not written: ${cause}`, {
    type: 'HspecAuditWarning',
    code: 'HSPEC_AUDIT_APPEND_FAILED',
  });
}
