import type { Action } from './action.js';

/** Tells whether a value is one of the five actions, which JavaScript callers may not respect. */
export function isAction(value: unknown): value is Action {
  return (
    value === 'read' ||
    value === 'create' ||
    value === 'update' ||
    value === 'delete' ||
    value === 'export'
  );
}
