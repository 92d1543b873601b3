// Declared only for the type system: no such symbol exists at runtime.
declare const blindIndexBrand: unique symbol;

/** A keyed hash of a normalized value, stored beside an encrypted field for equality search. */
export type BlindIndex = string & { readonly [blindIndexBrand]: true };
