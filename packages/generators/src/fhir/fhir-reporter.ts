import type { SourceLocation, SpecIssue } from '../issue.js';

/** A place in the `fhir` section, as keys and indexes from the section's root. */
export type SectionPath = readonly (string | number)[];

/** Maps a place in the `fhir` section to its file, line and column. */
export type LocateInSection = (path: SectionPath) => SourceLocation;

/** One problem to report, before it has a location. */
export interface FhirProblem {
  readonly code: string;
  readonly message: string;
  readonly at: SectionPath;
  /** A 0-based offset inside the scalar at `at` (a path's bad token), added to the column. */
  readonly offset?: { readonly text: string; readonly offset: number };
  /** A second place that belongs to the problem, such as the other of two conflicting fields. */
  readonly related?: SectionPath;
}

/** Collects the issues of the `fhir` section with their locations. */
export class FhirReporter {
  readonly issues: SpecIssue[] = [];

  constructor(
    private readonly locate: LocateInSection,
    private readonly isPlainScalar: (path: SectionPath) => boolean,
  ) {}

  /** Adds an issue at a place in the section. */
  report(problem: FhirProblem): void {
    const location = this.locate(problem.at);
    const column = location.column + this.columnOffset(problem);
    const issue: SpecIssue = {
      code: problem.code,
      message: problem.message,
      path: documentPath(problem.at),
      file: location.file,
      line: location.line,
      column,
    };
    this.issues.push(problem.related === undefined ? issue : { ...issue, related: this.locate(problem.related) });
  }

  /** Returns the location of a place in the section. */
  location(path: SectionPath): SourceLocation {
    return this.locate(path);
  }

  // A plain scalar on one line is written as parsed, so an offset in its text is an offset in
  // the line. Quoted or multi-line scalars are not, and keep the column of their start.
  private columnOffset(problem: FhirProblem): number {
    if (problem.offset === undefined) return 0;
    if (/[\r\n]/.test(problem.offset.text) || !this.isPlainScalar(problem.at)) return 0;
    return problem.offset.offset;
  }
}

/** Writes a place in the section as a dotted path from the document root (`fhir.mappings.Patient`). */
export function documentPath(path: SectionPath): string {
  let result = 'fhir';
  for (const part of path) result += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return result;
}
