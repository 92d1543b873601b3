import { maxLineWidth, propertyKey, quoteString } from './typescript-syntax.js';

/** A JavaScript literal value for generated constants, with objects in entry order. */
export type Literal = string | number | boolean | readonly Literal[] | LiteralObject;

export interface LiteralObject {
  readonly entries: readonly (readonly [string, Literal])[];
}

/** Builds an object literal from entries, leaving out entries whose value is undefined. */
export function literalObject(
  entries: readonly (readonly [string, Literal | undefined])[],
): LiteralObject {
  const present: (readonly [string, Literal])[] = [];
  for (const [key, value] of entries) {
    if (value !== undefined) {
      present.push([key, value]);
    }
  }
  return { entries: present };
}

/**
 * Prints `head`, the literal and `tail` at the given indentation: on one line when it fits, else
 * with one entry or element per line, recursively, as Prettier does. With `expand`, the
 * outermost object or array always takes several lines.
 */
export function printLiteral(
  value: Literal,
  indentWidth: number,
  head: string,
  tail: string,
  expand = false,
): string[] {
  const oneLine = `${head}${flatLiteral(value)}${tail}`;
  if ((!expand || isScalar(value)) && indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  if (isScalar(value)) {
    return [oneLine];
  }

  const inner = indentWidth + 2;
  if (isArray(value)) {
    const items = value.flatMap((item) => printLiteral(item, inner, '', ','));
    return [`${head}[`, ...items.map((line) => `  ${line}`), `]${tail}`];
  }
  const entries = value.entries.flatMap(([key, entry]) =>
    printLiteral(entry, inner, `${propertyKey(key)}: `, ','),
  );
  return [`${head}{`, ...entries.map((line) => `  ${line}`), `}${tail}`];
}

function flatLiteral(value: Literal): string {
  if (typeof value === 'string') {
    return quoteString(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (isArray(value)) {
    return `[${value.map(flatLiteral).join(', ')}]`;
  }
  if (value.entries.length === 0) {
    return '{}';
  }
  const entries = value.entries.map(([key, entry]) => `${propertyKey(key)}: ${flatLiteral(entry)}`);
  return `{ ${entries.join(', ')} }`;
}

function isScalar(value: Literal): value is string | number | boolean {
  return typeof value !== 'object';
}

function isArray(value: Literal): value is readonly Literal[] {
  return Array.isArray(value);
}
