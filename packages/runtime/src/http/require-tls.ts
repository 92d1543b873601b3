import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

import type { HttpMiddleware } from './http-middleware.js';
import { isLoopbackAddress } from './is-loopback-address.js';

/** Options of the `requireTls` middleware. */
export interface RequireTlsOptions {
  /** Reject requests that did not arrive over TLS, as the spec's `transport.requireTls` requires. */
  readonly requireTls: boolean;
  /**
   * Believe `X-Forwarded-Proto: https` from a reverse proxy that terminates TLS. Turn it on only
   * when every request passes through a proxy you run that overwrites the header, because a
   * client can send the header itself. Defaults to false.
   */
  readonly trustProxy?: boolean;
  /**
   * Let plain HTTP through when it comes from a loopback address and carries no proxy
   * forwarding header, for a developer's own machine. Defaults to false. A typical setting is
   * `process.env.NODE_ENV === 'development'`.
   */
  readonly allowLocalDevelopment?: boolean;
}

// One year: a browser that saw the header uses only HTTPS for the host for that long.
const strictTransportSecurity = 'max-age=31536000; includeSubDomains';

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-real-ip'];

/**
 * Builds middleware that enforces transmission security (45 CFR 164.312(e)(1)). A request over
 * TLS, or from a trusted proxy that received it over TLS, passes with a
 * `Strict-Transport-Security` header on its response. A plain HTTP request gets 403 with a
 * short text body when `requireTls` is set, unless local development allows it.
 *
 * It rejects instead of redirecting to HTTPS, for GET too. The request, its cookies and its
 * URL have already crossed the network in clear text. A redirect would let a misconfigured
 * client keep doing so without anyone noticing. Browsers that once received the HSTS header
 * switch to HTTPS by themselves.
 *
 * @example
 * ```ts
 * app.use(requireTls({ requireTls: true, trustProxy: true }));
 * ```
 */
export function requireTls(options: RequireTlsOptions): HttpMiddleware {
  const trustProxy = options.trustProxy ?? false;
  const allowLocalDevelopment = options.allowLocalDevelopment ?? false;

  return (req, res, next) => {
    if (arrivedOverTls(req, trustProxy)) {
      if (!res.headersSent) {
        res.setHeader('Strict-Transport-Security', strictTransportSecurity);
      }
      next();
      return;
    }

    if (!options.requireTls || (allowLocalDevelopment && isLocalRequest(req))) {
      next();
      return;
    }
    rejectPlainHttp(res);
  };
}

function arrivedOverTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) {
    return true;
  }
  if (!trustProxy) {
    return false;
  }

  // With several proxies the header lists one protocol per hop, and the first is the client's.
  const header = req.headers['x-forwarded-proto'];
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * Tells whether a request comes straight from this machine. A request with forwarding headers
 * came through a proxy, which may run on this machine while the client does not.
 */
function isLocalRequest(req: IncomingMessage): boolean {
  if (forwardingHeaders.some((name) => req.headers[name] !== undefined)) {
    return false;
  }
  return isLoopbackAddress(req.socket.remoteAddress);
}

function rejectPlainHttp(res: ServerResponse): void {
  const body = 'HTTPS is required\n';
  res.statusCode = 403;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
