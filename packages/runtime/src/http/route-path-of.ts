import type { IncomingMessage } from 'node:http';

/** The parts of an Express request that name the matched route, read without importing Express. */
interface RoutedRequest extends IncomingMessage {
  readonly originalUrl?: unknown;
  readonly baseUrl?: unknown;
  readonly route?: { readonly path?: unknown };
}

// Long enough for any route pattern. A longer path is cut, so one request cannot bloat the log.
const maxRoutePathLength = 200;

/**
 * Returns the path that an audit entry names for a request, never with its query string. For a
 * request that an Express route matched, it is the route pattern with its mount path, such as
 * `/api/patients/:id`, which contains no parameter values. Otherwise it is the URL path as
 * received, which may contain ids from the path.
 */
export function routePathOf(req: IncomingMessage): string {
  const routed = req as RoutedRequest;
  const pattern = routed.route?.path;
  if (typeof pattern === 'string') {
    const base = typeof routed.baseUrl === 'string' ? routed.baseUrl : '';
    return limit(`${base}${pattern}`);
  }

  const url = typeof routed.originalUrl === 'string' ? routed.originalUrl : (req.url ?? '');
  const end = url.search(/[?#]/);
  return limit(end === -1 ? url : url.slice(0, end));
}

function limit(path: string): string {
  return path.length > maxRoutePathLength ? path.slice(0, maxRoutePathLength) : path;
}
