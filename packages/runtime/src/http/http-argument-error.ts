import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** Details of an invalid option or argument of the HTTP helpers. */
export interface HttpArgumentErrorDetails {
  /** Name of the option or argument, such as `idleTimeout` or `subject.userId`. */
  readonly argument: string;
  /** Description of the problem and of a valid value, never the value itself. */
  readonly problem: string;
}

/**
 * Raised when a session manager or an HTTP middleware is built with invalid options, or when a
 * caller passes an invalid argument to one of its methods. It is a programming error, so the
 * message names the argument and never repeats the value, which could be a secret.
 */
export class HttpArgumentError extends HspecRuntimeError {
  declare readonly code: 'http.invalid-argument';
  readonly argument: string;
  readonly problem: string;

  constructor(details: HttpArgumentErrorDetails) {
    super('http.invalid-argument', `${details.argument}: ${details.problem}`);
    this.argument = details.argument;
    this.problem = details.problem;
  }
}
