/** Quotes an SQL identifier, so that names such as `end`, `order` or `value` are valid columns. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Writes an SQL string literal. */
export function quoteSqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Makes text safe for a `--` comment, which ends at the first line break. */
export function sqlCommentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
