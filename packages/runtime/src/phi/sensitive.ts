// Declared only for the type system: no such symbol exists at runtime.
declare const sensitiveBrand: unique symbol;

/**
 * A clinical value of type `T` that is encrypted at rest but is not a Safe Harbor identifier,
 * so de-identification keeps it.
 */
export type Sensitive<T> = T & { readonly [sensitiveBrand]: true };
