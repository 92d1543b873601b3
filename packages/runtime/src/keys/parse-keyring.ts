import { KeyringError } from '../errors/keyring-error.js';
import { findKeyringProblems } from './find-keyring-problems.js';
import type { KeyMaterial } from './key-material.js';
import type { KeyringData } from './keyring-data.js';

const topLevelProperties = new Set([
  'version',
  'activeKeyId',
  'keys',
  'blindIndexKey',
  'auditKey',
]);
const keyProperties = new Set(['id', 'key', 'createdAt']);
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const isoTimestampPattern =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const echoablePropertyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/**
 * Parses and strictly validates keyring JSON (format version 1). Throws KeyringError naming
 * `source` and listing every problem: invalid JSON, a wrong version, unknown properties, invalid
 * or duplicate ids, keys that are not base64 of 32 bytes, invalid `createdAt` timestamps, or an
 * active key id that names no key. `auditKey` is optional, because keyrings written before audit
 * checkpoints existed lack it. Messages never contain key bytes.
 *
 * @example
 * ```ts
 * const data = parseKeyring(await readFile(path, 'utf8'), path);
 * ```
 */
export function parseKeyring(json: string, source: string): KeyringData {
  const document = parseJson(json, source);
  const problems: string[] = [];
  const data = readKeyringDocument(document, problems);

  if (data !== undefined && problems.length === 0) {
    problems.push(...findKeyringProblems(data));
  }
  if (data === undefined || problems.length > 0) {
    throw new KeyringError({ source, problems });
  }
  return data;
}

function parseJson(json: string, source: string): unknown {
  if (json.trim() === '') {
    throw new KeyringError({ source, problems: ['the keyring is empty'] });
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    // V8's SyntaxError message quotes the input, which contains key bytes, so only the
    // position is taken from it.
    throw new KeyringError({ source, problems: [describeSyntaxError(error, json)] });
  }
}

function describeSyntaxError(error: unknown, json: string): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position ([0-9]+)/.exec(message);
  if (position === null) {
    return 'not valid JSON';
  }

  const before = json.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `not valid JSON: syntax error at line ${line}, column ${column}`;
}

function readKeyringDocument(document: unknown, problems: string[]): KeyringData | undefined {
  if (!isPlainObject(document)) {
    problems.push('expected a JSON object with version, activeKeyId, keys and blindIndexKey');
    return undefined;
  }
  if (document['version'] !== 1) {
    problems.push('version: expected 1');
    return undefined;
  }
  problems.push(...findUnknownProperties(document, topLevelProperties, ''));

  const activeKeyId = document['activeKeyId'];
  if (typeof activeKeyId !== 'string') {
    problems.push('activeKeyId: expected a string');
  }
  const keys = readKeyList(document['keys'], problems);
  const blindIndexKey = readKeyMaterial(document['blindIndexKey'], 'blindIndexKey', problems);
  const hasAuditKey = document['auditKey'] !== undefined;
  const auditKey = hasAuditKey
    ? readKeyMaterial(document['auditKey'], 'auditKey', problems)
    : undefined;

  if (typeof activeKeyId !== 'string' || keys === undefined || blindIndexKey === undefined) {
    return undefined;
  }
  if (hasAuditKey && auditKey === undefined) {
    return undefined;
  }
  return auditKey === undefined
    ? { activeKeyId, keys, blindIndexKey }
    : { activeKeyId, keys, blindIndexKey, auditKey };
}

function readKeyList(value: unknown, problems: string[]): KeyMaterial[] | undefined {
  if (!Array.isArray(value)) {
    problems.push('keys: expected an array of keys');
    return undefined;
  }

  const keys: KeyMaterial[] = [];
  value.forEach((entry: unknown, index) => {
    const material = readKeyMaterial(entry, `keys[${index}]`, problems);
    if (material !== undefined) {
      keys.push(material);
    }
  });
  return keys.length === value.length ? keys : undefined;
}

function readKeyMaterial(
  value: unknown,
  path: string,
  problems: string[],
): KeyMaterial | undefined {
  if (!isPlainObject(value)) {
    problems.push(`${path}: expected an object with id, key and createdAt`);
    return undefined;
  }
  const countBefore = problems.length;
  problems.push(...findUnknownProperties(value, keyProperties, `${path}: `));

  const id = value['id'];
  if (typeof id !== 'string') {
    problems.push(`${path}.id: expected a string`);
  }
  const key = decodeKey(value['key'], `${path}.key`, problems);
  const createdAt = value['createdAt'];
  if (createdAt !== undefined && !isIsoTimestamp(createdAt)) {
    problems.push(`${path}.createdAt: expected an ISO 8601 timestamp such as 2026-12-04T10:00:00.000Z`);
  }

  if (problems.length > countBefore || typeof id !== 'string' || key === undefined) {
    return undefined;
  }
  return { id, key, createdAt: createdAt as string | undefined };
}

function decodeKey(value: unknown, path: string, problems: string[]): Buffer | undefined {
  if (typeof value !== 'string') {
    problems.push(`${path}: expected a base64 string`);
    return undefined;
  }
  const key = Buffer.from(value, 'base64');
  // Re-encoding rejects other alphabets, white space, missing padding and stray bits, which
  // Node's decoder would otherwise skip silently.
  if (value.length % 4 !== 0 || !base64Pattern.test(value) || key.toString('base64') !== value) {
    problems.push(`${path}: not valid base64 (standard alphabet, with padding)`);
    return undefined;
  }
  return key;
}

function isIsoTimestamp(value: unknown): boolean {
  if (typeof value !== 'string' || !isoTimestampPattern.test(value)) {
    return false;
  }
  return !Number.isNaN(Date.parse(value));
}

function findUnknownProperties(
  object: Record<string, unknown>,
  known: ReadonlySet<string>,
  pathPrefix: string,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(object)) {
    if (known.has(name)) {
      continue;
    }
    const expected = [...known].join(', ');
    problems.push(`${pathPrefix}unknown property ${describeProperty(name)}; expected ${expected}`);
  }
  return problems;
}

/** Quotes a property name that looks like a misspelled name; a name like a secret is not echoed. */
function describeProperty(name: string): string {
  if (echoablePropertyPattern.test(name)) {
    return `"${name}"`;
  }
  return 'with a name that is not an identifier';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
