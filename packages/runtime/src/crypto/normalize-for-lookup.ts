/**
 * Normalizes a value before it is hashed into a blind index, on write and on search alike, so
 * that spellings a person would call equal find each other.
 *
 * Steps:
 * 1. Unicode NFC, so a precomposed `é` equals `e` followed by a combining accent.
 * 2. Trim leading and trailing white space and line terminators as `String.prototype.trim`
 *    defines them (space separators, tab, U+FEFF, LF, CR, U+2028, U+2029 and others). Inner
 *    spaces are kept.
 * 3. Case folding by `toLowerCase`, `toUpperCase`, then `toLowerCase`, without a locale. The
 *    upper step turns `ß` into `SS`. The first lower step is needed for capital `ẞ` (U+1E9E),
 *    which `toUpperCase` leaves as it is. Every code point then folds alike in either case.
 * 4. Unicode NFC again, because case mapping can leave decomposed text.
 *
 * @example
 * ```ts
 * normalizeForLookup('  Straße ') === normalizeForLookup('STRASSE'); // true, both are 'strasse'
 * ```
 */
export function normalizeForLookup(value: string): string {
  const trimmed = value.normalize('NFC').trim();
  return trimmed.toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
}
