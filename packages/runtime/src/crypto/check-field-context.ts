import { FieldContextError } from '../errors/field-context-error.js';
import type { BlindIndexTarget } from './blind-index-target.js';
import type { FieldContext } from './field-context.js';
import { isWellFormedString } from './is-well-formed-string.js';

/** Throws FieldContextError unless table and column are non-empty, well-formed strings. */
export function checkBlindIndexTarget(target: BlindIndexTarget): void {
  checkPart(target, 'table', target.table);
  checkPart(target, 'column', target.column);
}

/**
 * Throws FieldContextError unless table, column and primary key are non-empty strings without
 * lone UTF-16 surrogates. An empty primary key would give every such row the same associated
 * data. UTF-8 turns every lone surrogate into U+FFFD, so two keys that differ only there would
 * collide as well.
 */
export function checkFieldContext(context: FieldContext): void {
  checkBlindIndexTarget(context);
  checkPart(context, 'primaryKey', context.primaryKey);
}

function checkPart(target: BlindIndexTarget, part: string, value: unknown): void {
  if (typeof value === 'string' && value !== '' && isWellFormedString(value)) {
    return;
  }
  throw new FieldContextError({
    table: String(target.table),
    column: String(target.column),
    reason: `${part} ${describeProblem(value)}`,
  });
}

function describeProblem(value: unknown): string {
  if (typeof value !== 'string') {
    return 'is not a string';
  }
  if (value === '') {
    return 'is empty';
  }
  return 'contains a lone UTF-16 surrogate';
}
