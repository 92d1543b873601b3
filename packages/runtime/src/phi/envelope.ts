// Declared only for the type system: no such symbol exists at runtime.
declare const envelopeBrand: unique symbol;

/** A ciphertext string in the `hspec:v1:<keyId>:<payload>` format that `FieldCipher` writes. */
export type Envelope = string & { readonly [envelopeBrand]: true };
