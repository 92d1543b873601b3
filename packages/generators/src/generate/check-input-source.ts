/**
 * The body of the generated `check-input.ts`: the checks that every encrypt function runs on its
 * input before anything is encrypted. The code is the same for every spec, because each model's
 * metadata constant drives it.
 */
export const checkInputSource = `import { FieldValidationError } from '@hspec/runtime';

import type { FieldColumn, ModelTable } from './model-table.js';

type BrokenRule = 'type' | 'enum' | 'pattern';

// Lower case only: encryption binds the primary key's exact text, and PostgreSQL returns UUIDs
// in lower case, so an upper-case id would never decrypt after a round trip.
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const decimalPattern = /^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$/;
const isoDatePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const compiledPatterns = new Map<string, RegExp>();

const expectedTypes: { readonly [type in FieldColumn['type']]: string } = {
  string: 'a string without lone surrogates',
  text: 'a string without lone surrogates',
  code: 'a string without lone surrogates',
  uuid: 'a lower-case UUID such as 123e4567-e89b-12d3-a456-426614174000',
  enum: 'one of the enum values',
  integer: 'a safe integer',
  decimal: 'a decimal string such as -12.50, without exponent or leading zeros',
  boolean: 'a boolean',
  date: 'a calendar date written YYYY-MM-DD',
  datetime: 'a valid Date',
  json: 'a JSON value: no undefined, functions, cycles or non-finite numbers',
};

/**
 * Checks a value before it is written: every required field is present and not null, each value
 * has its field's type, enum values are allowed and text matches the field's pattern. Throws
 * FieldValidationError with the model, field and rule, and never with the value.
 */
export function checkInput(table: ModelTable, input: object): void {
  const values = input as { readonly [name: string]: unknown };
  for (const field of table.fields) {
    const value = ownField(values, field.name);
    if (value === undefined || value === null) {
      if (!field.optional) {
        throw new FieldValidationError({ model: table.model, field: field.name, rule: 'required' });
      }
      continue;
    }

    const rule = findBrokenRule(field, value);
    if (rule !== undefined) {
      const expected = describeExpected(field, rule);
      throw new FieldValidationError({ model: table.model, field: field.name, rule, expected });
    }
  }
}

/**
 * Reads a property only when the object itself has it. An omitted field named like a member
 * of \`Object.prototype\` (\`constructor\`, \`toString\`) then reads as undefined, not as the
 * inherited member.
 */
export function ownField<T extends object, K extends keyof T & string>(
  record: T,
  name: K,
): T[K] | undefined {
  // Object.hasOwn would need the ES2022 library in the project's tsconfig.
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

function findBrokenRule(field: FieldColumn, value: unknown): BrokenRule | undefined {
  if (!hasFieldType(field, value)) {
    return field.type === 'enum' ? 'enum' : 'type';
  }
  if (field.pattern !== undefined && !compilePattern(field.pattern).test(patternText(value))) {
    return 'pattern';
  }
  return undefined;
}

function hasFieldType(field: FieldColumn, value: unknown): boolean {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'code':
      return typeof value === 'string' && isWellFormed(value);
    case 'uuid':
      return typeof value === 'string' && uuidPattern.test(value);
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'decimal':
      return typeof value === 'string' && decimalPattern.test(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value);
    case 'datetime':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'json':
      return isJsonValue(value, new Set());
  }
}

function describeExpected(field: FieldColumn, rule: BrokenRule): string {
  switch (rule) {
    case 'enum':
      return \`one of \${(field.values ?? []).join(', ')}\`;
    case 'pattern':
      return \`a match for /\${field.pattern ?? ''}/u\`;
    case 'type':
      return expectedTypes[field.type];
  }
}

function compilePattern(source: string): RegExp {
  let pattern = compiledPatterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source, 'u');
    compiledPatterns.set(source, pattern);
  }
  return pattern;
}

/** Converts a value to the text that its pattern is tested against, as is for strings. */
function patternText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Tells whether a string has no lone UTF-16 surrogate, which UTF-8 cannot store. */
function isWellFormed(value: string): boolean {
  return !/\\p{Surrogate}/u.test(value);
}

function isCalendarDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (match === null) {
    return false;
  }

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lastDay = month === 2 && isLeapYear ? 29 : (daysInMonth[month - 1] ?? 0);
  return day <= lastDay;
}

function isJsonValue(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (typeof value !== 'object' || ancestors.has(value)) {
    return false;
  }

  ancestors.add(value);
  const valid = Array.isArray(value)
    ? value.every((item: unknown) => isJsonValue(item, ancestors))
    : isPlainObject(value) && Object.values(value).every((item) => isJsonValue(item, ancestors));
  ancestors.delete(value);
  return valid;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}
`;
