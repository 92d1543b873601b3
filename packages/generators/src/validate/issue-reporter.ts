import type { SpecIssue } from '../issue.js';
import type { MergedSpec } from '../loader/merge-spec-files.js';
import type { LocateMode } from '../loader/source-document.js';
import type { SpecPath } from '../loader/spec-path.js';

/** A second place that belongs to an issue, such as the first of two duplicates. */
export interface RelatedPlace {
  readonly path: SpecPath;
  readonly mode?: LocateMode;
}

/** Collects semantic issues, locating each path of the merged spec in its own file. */
export class IssueReporter {
  readonly issues: SpecIssue[] = [];

  constructor(private readonly spec: MergedSpec) {}

  /**
   * Records an issue at a path: `mode` picks the key (a wrong name), the value (a wrong value) or
   * the node as a whole.
   */
  report(
    code: string,
    message: string,
    path: SpecPath,
    mode: LocateMode = 'node',
    related?: RelatedPlace,
  ): void {
    const issue: SpecIssue = { code, message, ...this.spec.locate(path, mode) };
    if (related === undefined) {
      this.issues.push(issue);
      return;
    }

    const { file, line, column } = this.spec.locate(related.path, related.mode ?? 'node');
    this.issues.push({ ...issue, related: { file, line, column } });
  }
}
