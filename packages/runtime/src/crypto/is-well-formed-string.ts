interface WellFormedString {
  isWellFormed(): boolean;
}

/**
 * Tells whether a string contains no lone UTF-16 surrogate. UTF-8 cannot store a lone
 * surrogate (Node writes U+FFFD instead), so such a string would not round-trip.
 */
export function isWellFormedString(value: string): boolean {
  // String.prototype.isWellFormed exists in Node 20 (V8 11.3) but not in the ES2022 typings.
  return (value as unknown as WellFormedString).isWellFormed();
}
