import type { FhirPathCondition } from '../fhir/fhir-mapping.js';
import { isRecord } from './identifier-kinds.js';

/**
 * Tells whether a value meets every condition of a `where()`, as fhir-path's meetsAll does, but
 * without building a collection for each condition. `path = 'literal'` is true when the path
 * selects exactly one item, equal to the literal. `path.exists(conditions)` is true when any
 * item that the path selects meets them all.
 */
export function meetsConditions(value: unknown, conditions: readonly FhirPathCondition[]): boolean {
  for (const condition of conditions) {
    if (condition.kind === 'equals') {
      if (countSelected(value, condition.path, 2) !== 1) return false;
      if (firstSelected(value, condition.path) !== condition.value) return false;
    } else if (!anySelectedMeets(value, condition.path, condition.conditions)) {
      return false;
    }
  }
  return true;
}

// The walks below select items as readPath does with member steps. The start value is one item,
// or each present item of an array is. A member step takes the element of each object item, and
// each present item of an array element on its own.

/** Counts the items that a path of element names selects, up to `limit`. */
function countSelected(node: unknown, path: readonly string[], limit: number): number {
  if (!Array.isArray(node)) return countFrom(node, path, 0, limit);

  let count = 0;
  for (let index = 0; index < node.length && count < limit; index += 1) {
    count += countFrom(node[index], path, 0, limit - count);
  }
  return count;
}

function countFrom(value: unknown, path: readonly string[], step: number, limit: number): number {
  if (!isPresent(value)) return 0;
  if (step === path.length) return 1;
  if (!isRecord(value)) return 0;

  const child = value[path[step]!];
  if (!Array.isArray(child)) return countFrom(child, path, step + 1, limit);
  let count = 0;
  for (let index = 0; index < child.length && count < limit; index += 1) {
    count += countFrom(child[index], path, step + 1, limit - count);
  }
  return count;
}

/** Returns the first item that a path of element names selects, or undefined. */
function firstSelected(node: unknown, path: readonly string[]): unknown {
  return findSelected(node, path, itself);
}

function itself(item: unknown): unknown {
  return item;
}

/** Tells whether any item that a path of element names selects meets every condition. */
function anySelectedMeets(
  node: unknown,
  path: readonly string[],
  conditions: readonly FhirPathCondition[],
): boolean {
  const meets = (item: unknown) => (meetsConditions(item, conditions) ? true : undefined);
  return findSelected(node, path, meets) === true;
}

/** Returns the first result other than undefined of `test` on the items that a path selects. */
function findSelected(
  node: unknown,
  path: readonly string[],
  test: (item: unknown) => unknown,
): unknown {
  if (!Array.isArray(node)) return findFrom(node, path, 0, test);

  for (const item of node) {
    const found = findFrom(item, path, 0, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findFrom(
  value: unknown,
  path: readonly string[],
  step: number,
  test: (item: unknown) => unknown,
): unknown {
  if (!isPresent(value)) return undefined;
  if (step === path.length) return test(value);
  if (!isRecord(value)) return undefined;

  const child = value[path[step]!];
  if (!Array.isArray(child)) return findFrom(child, path, step + 1, test);
  for (const item of child) {
    const found = findFrom(item, path, step + 1, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined;
}
