import type { CompiledGrant, CompiledPolicy, CompiledRole } from '@hspec/runtime';

import { maxLineWidth, propertyKey, quoteString } from '../typescript-syntax.js';

/**
 * A value of the generated policy constant. Unlike the model metadata literals it has `null`,
 * which a grant without a purpose limit carries.
 */
type PolicyValue = string | boolean | null | readonly PolicyValue[] | PolicyObject;

interface PolicyObject {
  readonly entries: readonly (readonly [string, PolicyValue])[];
}

/**
 * Prints the compiled policy as an object literal that starts with `head` and ends with `tail`,
 * keeping key order. Each object or array stays on one line when it fits in the line width and
 * otherwise takes one entry per line, as Prettier prints it.
 */
export function printPolicyLiteral(policy: CompiledPolicy, head: string, tail: string): string[] {
  const lines: string[] = [];
  printValue(lines, policyValue(policy), 0, head, tail, true);
  return lines;
}

function policyValue(policy: CompiledPolicy): PolicyObject {
  const roles = Object.entries(policy.roles).map(
    ([name, role]): readonly [string, PolicyValue] => [name, roleValue(role)],
  );
  const models = Object.entries(policy.models).map(
    ([name, model]): readonly [string, PolicyValue] => [
      name,
      {
        entries: [
          ['primaryKey', model.primaryKey],
          ['fields', model.fields],
        ],
      },
    ],
  );
  return {
    entries: [
      ['purposeOfUse', policy.purposeOfUse],
      ['purposes', policy.purposes],
      ['roles', { entries: roles }],
      ['models', { entries: models }],
    ],
  };
}

function roleValue(role: CompiledRole): PolicyObject {
  const models = Object.entries(role.grants).map(
    ([model, byAction]): readonly [string, PolicyValue] => {
      const actions = Object.entries(byAction).map(
        ([action, grants]): readonly [string, PolicyValue] => [
          action,
          (grants ?? []).map(grantValue),
        ],
      );
      return [model, { entries: actions }];
    },
  );
  return {
    entries: [
      ['deidentified', role.deidentified],
      ['grants', { entries: models }],
    ],
  };
}

function grantValue(grant: CompiledGrant): PolicyObject {
  return {
    entries: [
      ['scope', grant.scope],
      ['purposes', grant.purposes],
      ['fields', grant.fields],
      ['emergency', grant.emergency],
    ],
  };
}

/**
 * Appends the lines of `head`, the value and `tail` to `lines`, each line already indented by
 * `indentWidth` spaces, so that deep nesting does not re-indent the same lines at every level.
 */
function printValue(
  lines: string[],
  value: PolicyValue,
  indentWidth: number,
  head: string,
  tail: string,
  expand = false,
): void {
  const indent = ' '.repeat(indentWidth);
  const budget = maxLineWidth - indentWidth - head.length - tail.length;
  const flat = expand && isComposite(value) ? undefined : flatValue(value, budget);
  if (flat !== undefined && (!isComposite(value) || flat.length <= budget)) {
    lines.push(`${indent}${head}${flat}${tail}`);
    return;
  }
  if (!isComposite(value)) {
    lines.push(`${indent}${head}${flatValue(value, Infinity) ?? ''}${tail}`);
    return;
  }

  const inner = indentWidth + 2;
  if (isArray(value)) {
    lines.push(`${indent}${head}[`);
    for (const item of value) {
      printValue(lines, item, inner, '', ',');
    }
    lines.push(`${indent}]${tail}`);
    return;
  }
  lines.push(`${indent}${head}{`);
  for (const [key, entry] of value.entries) {
    printValue(lines, entry, inner, `${propertyKey(key)}: `, ',');
  }
  lines.push(`${indent}}${tail}`);
}

/**
 * Prints a value on one line, or returns undefined as soon as the line grows past `budget`
 * characters, so that a large object is not printed flat only to be thrown away.
 */
function flatValue(value: PolicyValue, budget: number): string | undefined {
  if (!isComposite(value)) {
    return value === null || typeof value === 'boolean' ? String(value) : quoteString(value);
  }

  const members: (readonly [string, PolicyValue])[] = isArray(value)
    ? value.map((item) => ['', item] as const)
    : value.entries.map(([key, entry]) => [`${propertyKey(key)}: `, entry] as const);
  if (members.length === 0) {
    return isArray(value) ? '[]' : '{}';
  }

  const close = isArray(value) ? ']' : ' }';
  let text = isArray(value) ? '[' : '{ ';
  for (const [index, [prefix, entry]] of members.entries()) {
    const separator = index === 0 ? '' : ', ';
    const printed = flatValue(entry, budget - text.length - separator.length - prefix.length);
    if (printed === undefined) {
      return undefined;
    }
    text += `${separator}${prefix}${printed}`;
    if (text.length + close.length > budget) {
      return undefined;
    }
  }
  return `${text}${close}`;
}

function isComposite(value: PolicyValue): value is readonly PolicyValue[] | PolicyObject {
  return typeof value === 'object' && value !== null;
}

function isArray(value: PolicyValue): value is readonly PolicyValue[] {
  return Array.isArray(value);
}
