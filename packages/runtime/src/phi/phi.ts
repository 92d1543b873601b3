import type { PhiKind } from './phi-kind.js';

// Declared only for the type system: no such symbol exists at runtime, so a branded value is
// the plain value and the brand costs nothing.
declare const phiBrand: unique symbol;

/**
 * A value of type `T` that is protected health information of kind `K`. The brand lets the
 * `eslint-plugin-phi` rules and the compiler track the value until it is encrypted or
 * de-identified.
 *
 * @example
 * ```ts
 * const ssn = input.ssn as Phi<string, 'ssn'>;
 * const where = { table: 'patients', column: 'ssn', primaryKey: patientId };
 * const stored = cipher.encrypt('string', ssn, where);
 * ```
 */
export type Phi<T, K extends PhiKind> = T & { readonly [phiBrand]: K };
