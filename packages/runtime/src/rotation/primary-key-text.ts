/**
 * Converts a primary key value read from the database into the text that generated code binds
 * into each envelope's associated data: text as it is, integers in decimal. Returns undefined
 * for any other value, which cannot be matched to what was encrypted.
 */
export function primaryKeyText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    return `${value}`;
  }
  return undefined;
}
