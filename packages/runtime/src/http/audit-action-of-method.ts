import type { Action } from '../policy/action.js';

const actionsByMethod: ReadonlyMap<string, Action> = new Map([
  ['GET', 'read'],
  ['HEAD', 'read'],
  ['POST', 'create'],
  ['PUT', 'update'],
  ['PATCH', 'update'],
  ['DELETE', 'delete'],
]);

/**
 * Maps an HTTP method to the action that an audit entry of the request records, or undefined
 * for a method that has no such action (OPTIONS, TRACE, CONNECT, or an extension method).
 */
export function auditActionOfMethod(method: string | undefined): Action | undefined {
  return method === undefined ? undefined : actionsByMethod.get(method.toUpperCase());
}
