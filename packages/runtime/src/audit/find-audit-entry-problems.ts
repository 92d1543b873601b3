import { isWellFormedString } from '../crypto/is-well-formed-string.js';
import type { AuditAction, AuditOutcome } from './audit-entry.js';

/** Every action an audit entry may name. */
export const auditActions: readonly AuditAction[] = [
  'read',
  'create',
  'update',
  'delete',
  'export',
  'login',
  'logout',
  'login-failed',
  'auto-logoff',
  'key-rotation',
  'audit-prune',
];

/** Every outcome an audit entry may name. */
export const auditOutcomes: readonly AuditOutcome[] = ['success', 'denied', 'failure'];

/** Event names: dot-separated words, such as `phi.read` or `auth.login-failed`. */
export const auditEventPattern = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*$/;

/** Model and field names: identifiers, as the spec declares them (`Patient`, `birthDate`). */
export const auditNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

const maxNameLength = 128;

const nullableTextProperties = [
  'userId',
  'role',
  'purposeOfUse',
  'reason',
  'detail',
  'requestId',
] as const;

const knownProperties: ReadonlySet<string> = new Set([
  'event',
  'action',
  'outcome',
  'userId',
  'role',
  'model',
  'recordIds',
  'fields',
  'purposeOfUse',
  'reason',
  'emergency',
  'changedFields',
  'alert',
  'detail',
  'requestId',
]);

/**
 * Lists what is wrong with an audit entry. Beyond the types, it checks that `model`, `fields`
 * and `changedFields` contain names (identifiers, never a value such as `123-45-6789`) and that
 * `changedFields` is sorted without repeats. It rejects any property outside `AuditEntry`, and
 * any string with a lone UTF-16 surrogate or a NUL character, because SQLite and UTF-8 files
 * cannot store those unchanged. Problems name properties and positions, never values.
 */
export function findAuditEntryProblems(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return ['expected an object with the properties of AuditEntry'];
  }
  const record = entry as Record<string, unknown>;
  const problems: string[] = [];

  for (const name of Object.keys(record)) {
    if (!knownProperties.has(name)) {
      problems.push(`${describeProperty(name)}: not a property of AuditEntry; an audit entry carries names only`);
    }
  }

  checkEvent(record['event'], problems);
  checkMember(record['action'], auditActions, 'action', problems);
  checkMember(record['outcome'], auditOutcomes, 'outcome', problems);
  for (const name of nullableTextProperties) {
    checkNullableText(record[name], name, problems);
  }
  checkModel(record['model'], problems);
  checkTextList(record['recordIds'], 'recordIds', problems);
  checkNameList(record['fields'], 'fields', problems);
  checkChangedFields(record['changedFields'], problems);
  checkBoolean(record['emergency'], 'emergency', problems);
  checkBoolean(record['alert'], 'alert', problems);
  return problems;
}

/** Tells whether a string can be stored in SQLite and in a UTF-8 file and read back unchanged. */
export function isStorableText(value: string): boolean {
  return isWellFormedString(value) && !value.includes('\u0000');
}

function checkEvent(value: unknown, problems: string[]): void {
  if (typeof value !== 'string') {
    problems.push('event: expected a string such as "phi.read"');
  } else if (value.length > maxNameLength || !auditEventPattern.test(value)) {
    problems.push('event: expected dot-separated words such as "phi.read"');
  }
}

function checkMember(
  value: unknown,
  allowed: readonly string[],
  name: string,
  problems: string[],
): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push(`${name}: expected one of ${allowed.join(', ')}`);
  }
}

function checkNullableText(value: unknown, name: string, problems: string[]): void {
  if (value === null) {
    return;
  }
  if (typeof value !== 'string') {
    problems.push(`${name}: expected a string or null`);
  } else if (!isStorableText(value)) {
    problems.push(`${name}: contains a lone UTF-16 surrogate or a NUL character`);
  }
}

function checkModel(value: unknown, problems: string[]): void {
  if (value === null) {
    return;
  }
  if (typeof value !== 'string' || !isName(value)) {
    problems.push('model: expected a model name such as "Patient", or null');
  }
}

function checkTextList(value: unknown, name: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${name}: expected an array of strings`);
    return;
  }
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') {
      problems.push(`${name}[${index}]: expected a string`);
    } else if (!isStorableText(item)) {
      problems.push(`${name}[${index}]: contains a lone UTF-16 surrogate or a NUL character`);
    }
  });
}

function checkNameList(value: unknown, name: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${name}: expected an array of field names`);
    return;
  }
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || !isName(item)) {
      problems.push(`${name}[${index}]: expected a field name (letters, digits and _), never a value`);
    }
  });
}

function checkChangedFields(value: unknown, problems: string[]): void {
  if (value === null) {
    return;
  }
  const countBefore = problems.length;
  checkNameList(value, 'changedFields', problems);
  if (problems.length > countBefore || !Array.isArray(value)) {
    return;
  }

  const names = value as string[];
  for (let index = 1; index < names.length; index += 1) {
    if ((names[index - 1] as string) >= (names[index] as string)) {
      problems.push('changedFields: expected sorted names without repeats');
      return;
    }
  }
}

function checkBoolean(value: unknown, name: string, problems: string[]): void {
  if (typeof value !== 'boolean') {
    problems.push(`${name}: expected true or false`);
  }
}

function isName(value: string): boolean {
  return value.length <= maxNameLength && auditNamePattern.test(value);
}

/** Quotes a property name that reads as an identifier; any other name is not echoed. */
function describeProperty(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name)) {
    return `"${name}"`;
  }
  return 'a property with a non-identifier name';
}
