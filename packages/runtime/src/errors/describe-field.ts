/** Formats the `table.column` label that error messages use, or '' when the column is unknown. */
export function describeField(table: string | undefined, column: string | undefined): string {
  if (table === undefined || column === undefined) {
    return '';
  }
  return `${table}.${column}`;
}
