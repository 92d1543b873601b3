/**
 * Returns why a value is not JSON that survives `JSON.stringify` and `JSON.parse` unchanged, or
 * undefined when it is. The reason names the kind of problem, never the value.
 */
export function findJsonProblem(value: unknown): string | undefined {
  return findProblem(value, new Set());
}

function findProblem(value: unknown, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : 'contains a number that is not finite';
    case 'object':
      break;
    default:
      return `contains a value of type ${typeof value}`;
  }
  if (value === null) {
    return undefined;
  }
  if (ancestors.has(value)) {
    return 'contains a cycle';
  }

  ancestors.add(value);
  const problem = Array.isArray(value)
    ? findArrayProblem(value, ancestors)
    : findObjectProblem(value, ancestors);
  ancestors.delete(value);
  return problem;
}

function findArrayProblem(array: readonly unknown[], ancestors: Set<object>): string | undefined {
  for (let index = 0; index < array.length; index += 1) {
    const problem = findProblem(array[index], ancestors);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

function findObjectProblem(object: object, ancestors: Set<object>): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    return 'contains an object that is not a plain object';
  }
  if (Object.getOwnPropertySymbols(object).length > 0) {
    return 'contains an object with symbol keys';
  }
  for (const property of Object.values(object)) {
    const problem = findProblem(property, ancestors);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}
