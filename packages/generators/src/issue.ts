/** Where a spec problem sits: a file relative to the project root, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * One spec problem, as data: a stable dotted `code` (`spec.unknown-model`), a lowercase message
 * that says what is wrong and what would be valid, where it is, and the dotted path inside the
 * document (`roles.nurse.grants[0].model`). Messages never contain a PHI value.
 */
export interface SpecIssue extends SourceLocation {
  readonly code: string;
  readonly message: string;
  readonly path: string;
  /** A second place that belongs to the same problem, such as the first of two duplicate models. */
  readonly related?: SourceLocation;
}

/** Formats an issue the way compilers do: `file:line:column path: message`. */
export function formatIssue(issue: SpecIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const path = issue.path === '' ? '' : ` ${issue.path}:`;
  const related = issue.related
    ? ` (see ${issue.related.file}:${issue.related.line}:${issue.related.column})`
    : '';
  return `${where}${path} ${issue.message}${related}`;
}

/** Orders issues by file, line and column so that output is stable across runs. */
export function sortIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}
