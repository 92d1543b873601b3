import { HspecRuntimeError } from './hspec-runtime-error.js';

/** Details of an unusable keyring: where it came from and every problem found in it. */
export interface KeyringErrorDetails {
  /** The file path, environment variable or other origin of the keyring. */
  readonly source: string;
  /** Problems found, one entry each, never containing key bytes. */
  readonly problems: readonly string[];
}

/**
 * Raised when a keyring cannot be read, parsed, created or rotated. The message names the
 * source and lists each problem.
 */
export class KeyringError extends HspecRuntimeError {
  declare readonly code: 'keyring.invalid';
  readonly source: string;
  readonly problems: readonly string[];

  constructor(details: KeyringErrorDetails) {
    super('keyring.invalid', `${details.source}: ${details.problems.join('; ')}`);
    this.source = details.source;
    this.problems = Object.freeze([...details.problems]);
  }
}
