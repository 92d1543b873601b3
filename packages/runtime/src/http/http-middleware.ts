import type { IncomingMessage, ServerResponse } from 'node:http';

/** Continues with the next handler, or with the error handler when given an error. */
export type NextFunction = (error?: unknown) => void;

/**
 * A request handler in the `(req, res, next)` form that Express, Connect and a plain
 * `node:http` server can all call. It never returns a promise: errors go to `next`.
 */
export type HttpMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction,
) => void;
