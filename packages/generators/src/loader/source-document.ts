import type { SourceLocation } from '../issue.js';
import type { Position } from './located-node.js';
import { formatPath, pathKey, type SpecPath } from './spec-path.js';

/** Location of one node of a YAML document. */
export interface NodeLocation {
  /** Start of the map key, for a map entry; undefined for list items and the root. */
  readonly key: Position | undefined;
  /** Start of the value; for an empty value (`key:` with nothing after it), the key. */
  readonly value: Position;
  /** A scalar written without quotes (false for maps and lists). */
  readonly plain: boolean;
  /** Text of a plain scalar that YAML read as a number or boolean, so `02134` can stay text. */
  readonly plainText: string | undefined;
}

/**
 * Token of a node that an issue points at: `key` for a wrong or duplicate name, `value` for a
 * wrong value, `node` for the node as a whole (its key when it has one, else its value).
 */
export type LocateMode = 'key' | 'value' | 'node';

/** A location plus the dotted path inside its file, as issues carry them. */
export interface IssueLocation extends SourceLocation {
  readonly path: string;
}

/**
 * One parsed YAML file as plain data (maps are null-prototype objects, so keys such as
 * `__proto__` are ordinary keys) with the location of every key and value.
 */
export interface SourceDocument {
  /** Path relative to the project root, with forward slashes. */
  readonly file: string;
  readonly data: unknown;
  readonly locations: ReadonlyMap<string, NodeLocation>;
}

/**
 * Returns where a path points inside a document. A path that does not exist (a missing
 * property) falls back to its nearest existing ancestor, which is where the property belongs.
 */
export function locateInDocument(
  document: SourceDocument,
  path: SpecPath,
  mode: LocateMode = 'node',
): IssueLocation {
  for (let length = path.length; length >= 0; length--) {
    const location = document.locations.get(pathKey(path.slice(0, length)));
    if (location === undefined) continue;

    const exact = length === path.length;
    const useKey = mode === 'key' || (mode === 'node' && !isScalarPath(document, path)) || !exact;
    const token = useKey && location.key !== undefined ? location.key : location.value;
    return { file: document.file, line: token.line, column: token.column, path: formatPath(path) };
  }

  return { file: document.file, line: 1, column: 1, path: formatPath(path) };
}

/** Reads the value at a path of plain data, or undefined when the path does not exist. */
export function valueAt(data: unknown, path: SpecPath): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/** Tells whether a value is a YAML map as plain data: an object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarPath(document: SourceDocument, path: SpecPath): boolean {
  const value = valueAt(document.data, path);
  return typeof value !== 'object' || value === null;
}
