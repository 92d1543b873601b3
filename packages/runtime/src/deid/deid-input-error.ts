import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** The location and reason of an input line or Bundle entry that could not be de-identified. */
export interface DeidInputProblem {
  /** 1-based line of the input where the line or entry starts. */
  readonly line: number;
  /** 0-based index of the entry in the Bundle's `entry` array; undefined for NDJSON. */
  readonly entry: number | undefined;
  /** The problem, described without any of the input's content. */
  readonly reason: string;
}

/**
 * Raised when a line of NDJSON or an entry of a Bundle is not JSON or not a resource with a
 * known R4 `resourceType`. The message names the line (and entry) and never quotes the input.
 */
export class DeidInputError extends HspecRuntimeError {
  declare readonly code: 'deid.invalid-input';
  readonly line: number;
  readonly entry: number | undefined;
  readonly reason: string;

  constructor(problem: DeidInputProblem) {
    const entry = problem.entry === undefined ? '' : `entry ${problem.entry}: `;
    super('deid.invalid-input', `line ${problem.line}: ${entry}${problem.reason}`);
    this.line = problem.line;
    this.entry = problem.entry;
    this.reason = problem.reason;
  }
}
