import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/**
 * Raised when an audit entry is malformed: a missing or mistyped property, an unknown action, or
 * a field name that looks like a value. Problems name properties, never the values in them.
 */
export class AuditEntryError extends HspecRuntimeError {
  declare readonly code: 'audit.invalid-entry';
  /** One description per problem, such as `fields[2]: expected a field name`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('audit.invalid-entry', `invalid audit entry: ${problems.join('; ')}`);
    this.problems = Object.freeze([...problems]);
  }
}
