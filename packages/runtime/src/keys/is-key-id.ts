/** Key ids: a letter or digit, then up to 63 letters, digits, `_`, `.` or `-`. */
export const keyIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Tells whether a string is a valid key id, so that it can sit between `:` in an envelope. */
export function isKeyId(value: string): boolean {
  return keyIdPattern.test(value);
}
