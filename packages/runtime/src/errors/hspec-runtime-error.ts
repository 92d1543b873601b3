/**
 * Base class of every error that `@hspec/runtime` throws, so callers can branch on the class or
 * on the stable dotted `code` instead of on the message.
 *
 * Messages and properties may name tables, columns, models, fields and key ids. They never
 * contain a field value or key material.
 */
export class HspecRuntimeError extends Error {
  /** Stable dotted code, such as `crypto.decrypt-failed`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}
