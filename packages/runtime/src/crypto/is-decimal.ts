const decimalPattern = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * Tells whether text is an exact decimal: an optional minus sign, digits without leading zeros,
 * and optional fraction digits (`-12.50`, `0.001`). Exponents and a leading `+` are invalid.
 */
export function isDecimal(text: string): boolean {
  return decimalPattern.test(text);
}
