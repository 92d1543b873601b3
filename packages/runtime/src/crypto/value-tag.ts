import type { ValueType } from '../phi/value-type.js';

/**
 * The first plaintext byte of every envelope, naming the value type, so that a value decrypts
 * to the type it was written as. These numbers are part of the stored format: never reuse one.
 */
export const valueTags: Readonly<Record<ValueType, number>> = Object.freeze({
  string: 1,
  integer: 2,
  decimal: 3,
  boolean: 4,
  date: 5,
  datetime: 6,
  json: 7,
});

const typesByTag: ReadonlyMap<number, ValueType> = new Map(
  Object.entries(valueTags).map(([type, tag]) => [tag, type as ValueType]),
);

/** Returns the value type that a tag byte names, or undefined for an unknown tag. */
export function valueTypeOfTag(tag: number | undefined): ValueType | undefined {
  return tag === undefined ? undefined : typesByTag.get(tag);
}
