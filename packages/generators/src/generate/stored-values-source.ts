/**
 * The body of the generated `stored-values.ts`: converters between field values and the column
 * values that SQL stores where it has no matching type. It is the same for every spec.
 */
export const storedValuesSource = `import type { DateTime, JsonValue } from '@hspec/runtime';

/** Converts a boolean to SQLite's 1 or 0, and null or undefined to null. */
export function toStoredBoolean(value: boolean): 0 | 1;
export function toStoredBoolean(value: boolean | null | undefined): 0 | 1 | null;
export function toStoredBoolean(value: boolean | null | undefined): 0 | 1 | null {
  if (value === undefined || value === null) {
    return null;
  }
  return value ? 1 : 0;
}

/** Converts SQLite's 1 or 0 back to a boolean. */
export function fromStoredBoolean(value: 0 | 1): boolean;
export function fromStoredBoolean(value: 0 | 1 | null): boolean | null;
export function fromStoredBoolean(value: 0 | 1 | null): boolean | null {
  return value === null ? null : value === 1;
}

/**
 * Converts an instant to ISO 8601 text in UTC with milliseconds, which sorts in time order.
 * Null and undefined become null.
 */
export function toStoredDateTime(value: DateTime): string;
export function toStoredDateTime(value: DateTime | null | undefined): string | null;
export function toStoredDateTime(value: DateTime | null | undefined): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  return value.toISOString();
}

/** Parses ISO 8601 text back into an instant. */
export function fromStoredDateTime(text: string): DateTime;
export function fromStoredDateTime(text: string | null): DateTime | null;
export function fromStoredDateTime(text: string | null): DateTime | null {
  return text === null ? null : new Date(text);
}

/** Converts a JSON value to its JSON text. */
export function toStoredJson(value: JsonValue): string {
  return JSON.stringify(value);
}

/** Parses JSON text back into a value. */
export function fromStoredJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
`;
