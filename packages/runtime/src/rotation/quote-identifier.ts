/** Quotes a table or column name for SQL, doubling any `"` inside it. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
