import type { ErrorObject } from 'ajv';

import type { SpecIssue } from '../issue.js';
import {
  isRecord,
  locateInDocument,
  valueAt,
  type LocateMode,
  type SourceDocument,
} from '../loader/source-document.js';
import { pathKey, type SpecPath } from '../loader/spec-path.js';
import { describeNode } from './describe-node.js';
import { suggest } from './did-you-mean.js';

/** One schema problem before it is located; several may compete for one node. */
interface Finding {
  readonly path: SpecPath;
  readonly mode: LocateMode;
  readonly code: string;
  readonly message: string;
  /** Lower wins when several findings point at the same node. */
  readonly rank: number;
  readonly related?: SpecPath;
}

/** Plain words for the patterns of the spec schemas, so that messages describe a valid value. */
const patternWords: Readonly<Record<string, string>> = {
  '^[A-Z][A-Za-z0-9_]*$': 'expected an uppercase letter followed by letters, digits or underscores',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'expected a letter or underscore followed by letters, digits or underscores',
  '^[a-z_][a-z0-9_]*$':
    'expected a lowercase letter or underscore followed by lowercase letters, digits or underscores',
  '^[0-9]+(s|m|h|d)$': 'expected a whole number followed by s, m, h or d, such as 15m',
  '^[0-9]+(y|m|d)$': 'expected a whole number followed by y, m or d, such as 6y',
  '^[A-Z][A-Za-z]*$': 'expected a FHIR resource type such as Patient',
  '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*$': 'expected dot-separated lowercase words such as phi.read',
  '^\\S+$': 'expected a URI without spaces, such as http://loinc.org',
};

/** Message names of the values under each key, such as `field type` under `type`. */
const valueNames: Readonly<Record<string, string>> = {
  type: 'field type',
  phi: 'identifier kind',
  lookup: 'lookup',
  scope: 'scope',
  actions: 'action',
  action: 'action',
  expect: 'expected outcome',
  database: 'database',
  store: 'session store',
  sameSite: 'sameSite value',
  purposeOfUse: 'purposeOfUse setting',
  version: 'version',
  table: 'table name',
  references: 'model name',
  model: 'model name',
  view: 'view name',
  role: 'role name',
  inherits: 'role name',
  patient: 'field name',
  organization: 'field name',
  fields: 'field name',
  withoutFields: 'field name',
  idleTimeout: 'duration',
  absoluteTimeout: 'duration',
  rotateAfter: 'duration',
  retention: 'retention',
  resource: 'resource type',
  reference: 'resource type',
  name: 'name',
};

/** Message names of the keys of each map, such as `model name` in `models`. */
const keyNames: Readonly<Record<string, string>> = {
  models: 'model name',
  views: 'view name',
  roles: 'role name',
  fields: 'field name',
  mappings: 'model name',
};

/** Keys of hspec.yaml that people sometimes put in a spec file. */
const projectKeys = new Set(['version', 'specs', 'out', 'database']);

/**
 * Turns ajv errors into issues located at the exact token: unknown keys at the key, wrong
 * values at the value. Keeps the most useful error per node and resolves `oneOf` noise to the
 * branch that matches the value's type.
 */
export function schemaIssues(
  errors: readonly ErrorObject[],
  document: SourceDocument,
  rootName: string,
): SpecIssue[] {
  const findings = resolveBranches(errors)
    .map((error) => toFinding(error, document, rootName))
    .filter((finding): finding is Finding => finding !== undefined);

  const best = new Map<string, Finding>();
  for (const finding of mergeRequired(findings)) {
    const key = `${finding.mode}:${pathKey(finding.path)}`;
    const current = best.get(key);
    if (current === undefined || finding.rank < current.rank) best.set(key, finding);
  }

  return [...best.values()].map((finding) => {
    const location = locateInDocument(document, finding.path, finding.mode);
    const issue: SpecIssue = { code: finding.code, message: finding.message, ...location };
    if (finding.related === undefined) return issue;

    const related = locateInDocument(document, finding.related, 'value');
    const { file, line, column } = related;
    return { ...issue, related: { file, line, column } };
  });
}

/** Decodes an ajv instance path (a JSON pointer) into a spec path, with numbers for list items. */
function decodePointer(pointer: string, data: unknown): SpecPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = data;

  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

/**
 * Replaces each failed `oneOf`/`anyOf` and its branch errors by the errors of the branch whose
 * type matches the value, or by one type error when no branch does.
 */
function resolveBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const added: ErrorObject[] = [];

  for (const error of errors) {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') continue;
    dropped.add(error);

    const prefix = `${error.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const candidate of errors) {
      if (!candidate.schemaPath.startsWith(prefix)) continue;
      if (!candidate.instancePath.startsWith(error.instancePath)) continue;
      const branch = candidate.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), candidate]);
      dropped.add(candidate);
    }

    const typeFails = (list: readonly ErrorObject[]): boolean =>
      list.some((e) => e.keyword === 'type' && e.instancePath === error.instancePath);
    const fitting = [...branches.values()]
      .filter((list) => !typeFails(list))
      .sort((a, b) => a.length - b.length);
    const chosen = fitting[0];
    if (chosen !== undefined) {
      added.push(...chosen);
      continue;
    }

    const types = [...branches.values()].flatMap((list) =>
      list.filter((e) => e.keyword === 'type').map((e) => String(e.params['type'])),
    );
    added.push({ ...error, keyword: 'type', params: { type: types.join(',') } });
  }

  return [...errors.filter((error) => !dropped.has(error)), ...added];
}

function toFinding(
  error: ErrorObject,
  document: SourceDocument,
  rootName: string,
): Finding | undefined {
  const path = decodePointer(error.instancePath, document.data);
  const data = valueAt(document.data, path);
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;

  if (propertyName !== undefined) return nameFinding(error, [...path, propertyName]);

  switch (error.keyword) {
    case 'propertyNames':
      return undefined;
    case 'additionalProperties':
      return unknownPropertyFinding(error, path, rootName);
    case 'required': {
      const property = String(error.params['missingProperty']);
      return {
        path,
        mode: 'node',
        code: 'spec.missing-property',
        message: `missing required property "${property}" in ${describeNode(path, rootName)}`,
        rank: 2,
      };
    }
    case 'type':
      return typeFinding(error, path, data);
    case 'enum':
    case 'const':
      return enumFinding(error, path, data);
    case 'pattern':
      return {
        path,
        mode: 'value',
        code: 'spec.invalid-value',
        message: `invalid ${valueName(path)} ${quote(data)}: ${patternText(String(error.params['pattern']))}`,
        rank: 4,
      };
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return {
        path,
        mode: 'value',
        code: 'spec.invalid-value',
        message: `${subject(path)} must not be empty`,
        rank: 5,
      };
    case 'maxLength':
      return {
        path,
        mode: 'value',
        code: 'spec.invalid-value',
        message: `${subject(path)} is longer than ${String(error.params['limit'])} characters`,
        rank: 5,
      };
    case 'uniqueItems':
      return duplicateItemFinding(error, path, data);
    default:
      return {
        path,
        mode: 'value',
        code: 'spec.schema',
        message: `${subject(path)} ${error.message ?? 'is invalid'}`,
        rank: 9,
      };
  }
}

function nameFinding(error: ErrorObject, path: SpecPath): Finding {
  const name = String(path[path.length - 1]);
  const parent = path[path.length - 2];
  const kind = typeof parent === 'string' ? (keyNames[parent] ?? 'name') : 'name';
  const pattern = typeof error.params['pattern'] === 'string' ? error.params['pattern'] : undefined;
  const detail = pattern === undefined ? (error.message ?? 'not allowed') : patternText(pattern);

  return {
    path,
    mode: 'key',
    code: 'spec.invalid-name',
    message: `invalid ${kind} "${name}": ${detail}`,
    rank: 1,
  };
}

function unknownPropertyFinding(error: ErrorObject, path: SpecPath, rootName: string): Finding {
  const property = String(error.params['additionalProperty']);
  const propertyPath = [...path, property];
  const where = describeNode(path, rootName);

  if (path.length === 0 && projectKeys.has(property) && rootName === 'the spec file') {
    return {
      path: propertyPath,
      mode: 'key',
      code: 'spec.unknown-property',
      message: `"${property}" belongs in hspec.yaml, not in a spec file`,
      rank: 0,
    };
  }

  const declared = error.parentSchema?.['properties'];
  const properties = isRecord(declared) ? Object.keys(declared) : [];
  const message = suggest(`unknown property "${property}" in ${where}`, property, properties);
  return { path: propertyPath, mode: 'key', code: 'spec.unknown-property', message, rank: 0 };
}

function typeFinding(error: ErrorObject, path: SpecPath, data: unknown): Finding {
  const expected = String(error.params['type'])
    .split(',')
    .map((type) => typeWords[type] ?? type)
    .join(' or ');
  let message = `invalid type for ${subject(path)}: expected ${expected}, got ${actualWords(data)}`;

  // YAML 1.1 read these words as booleans; YAML 1.2, which hspec uses, reads them as strings.
  const yamlWord = typeof data === 'string' && /^(yes|no|on|off|y|n)$/i.test(data);
  if (yamlWord && expected.includes('true')) {
    message += `; YAML 1.2 reads ${data} as a string, so write true or false`;
  }
  return { path, mode: 'value', code: 'spec.invalid-type', message, rank: 1 };
}

function enumFinding(error: ErrorObject, path: SpecPath, data: unknown): Finding {
  const allowed =
    error.keyword === 'const' ? [error.params['allowedValue']] : error.params['allowedValues'];
  const options = (Array.isArray(allowed) ? allowed : []).map((value) => String(value));
  const name = valueName(path);
  const base = `${name === 'version' ? 'unsupported' : 'invalid'} ${name} ${quote(data)}`;
  const message =
    typeof data === 'string' && data !== ''
      ? suggest(base, data, options)
      : `${base}; expected ${options.map((option) => quote(option)).join(', ')}`;

  return { path, mode: 'value', code: 'spec.invalid-value', message, rank: 3 };
}

function duplicateItemFinding(error: ErrorObject, path: SpecPath, data: unknown): Finding {
  const i = Number(error.params['i']);
  const j = Number(error.params['j']);
  const later = Math.max(i, j);
  const earlier = Math.min(i, j);
  const item = Array.isArray(data) ? data[later] : undefined;

  return {
    path: [...path, later],
    mode: 'value',
    code: 'spec.duplicate-item',
    message: `duplicate ${quote(item)} in ${subject(path)}`,
    rank: 3,
    related: [...path, earlier],
  };
}

/** Merges the missing properties of one node into one finding. */
function mergeRequired(findings: readonly Finding[]): Finding[] {
  const result: Finding[] = [];
  const required = new Map<string, Finding[]>();

  for (const finding of findings) {
    if (finding.code !== 'spec.missing-property') {
      result.push(finding);
      continue;
    }
    const key = pathKey(finding.path);
    required.set(key, [...(required.get(key) ?? []), finding]);
  }

  for (const group of required.values()) {
    const first = group[0];
    if (first === undefined) continue;
    if (group.length === 1) {
      result.push(first);
      continue;
    }
    const names = group.map((finding) => /"([^"]*)"/.exec(finding.message)?.[1] ?? '');
    const where = first.message.slice(first.message.indexOf(' in ') + 4);
    const list = names.map((name) => `"${name}"`).join(', ');
    result.push({ ...first, message: `missing required properties ${list} in ${where}` });
  }
  return result;
}

const typeWords: Readonly<Record<string, string>> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'an empty value',
};

function actualWords(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `${typeof value} ${String(value)}`;
}

function patternText(pattern: string): string {
  return patternWords[pattern] ?? `expected a match for /${pattern}/`;
}

/** Returns the message name of the value at a path: `field type`, `duration`, or `value`. */
function valueName(path: SpecPath): string {
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  return typeof key === 'string' ? (valueNames[key] ?? 'value') : 'value';
}

/** Names the node of a message: `"optional"`, or `an item of "actions"` for a list item. */
function subject(path: SpecPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the file';
  if (typeof last === 'number') return `an item of "${String(path[path.length - 2])}"`;
  return `"${last}"`;
}

/** Quotes a value for a message, cut short so that long text never fills the line. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return typeof value === 'string' ? `"${short}"` : short;
}
