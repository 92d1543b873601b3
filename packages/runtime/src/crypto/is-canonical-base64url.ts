const base64UrlPattern = /^[A-Za-z0-9_-]*$/;

/**
 * Tells whether text is unpadded base64url in its one canonical form: only the URL-safe
 * alphabet, a valid length, and zero bits in the unused low bits of the last character.
 */
export function isCanonicalBase64Url(text: string): boolean {
  return text.length % 4 !== 1 && base64UrlPattern.test(text) && hasZeroTrailingBits(text);
}

/**
 * Tells whether the unused low bits of the last character are zero. Node's decoder ignores
 * those bits, so without this check several strings would decode to the same bytes, and an
 * edited envelope could still decrypt.
 */
export function hasZeroTrailingBits(text: string): boolean {
  const remainder = text.length % 4;
  if (remainder === 0) {
    return true;
  }
  const lastValue = base64UrlValue(text.charCodeAt(text.length - 1));
  const unusedBits = remainder === 2 ? 0b1111 : 0b11;
  return (lastValue & unusedBits) === 0;
}

function base64UrlValue(charCode: number): number {
  if (charCode >= 0x41 && charCode <= 0x5a) {
    return charCode - 0x41;
  }
  if (charCode >= 0x61 && charCode <= 0x7a) {
    return charCode - 0x61 + 26;
  }
  if (charCode >= 0x30 && charCode <= 0x39) {
    return charCode - 0x30 + 52;
  }
  return charCode === 0x2d ? 62 : 63;
}
