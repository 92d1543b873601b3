// Invisible format characters that copy and paste carries along: soft hyphen, zero-width space,
// zero-width non-joiner and joiner, word joiner and the byte order mark.
const invisibleCharacters = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Normalizes a value before it is hashed into a blind index, on write and on search alike, so
 * that spellings a person would call equal find each other.
 *
 * Steps:
 * 1. Unicode NFKC, so a precomposed `é` equals `e` followed by a combining accent, and
 *    compatibility forms equal their plain letters (full-width `ＳＭＩＴＨ`, the ligature `ﬀ`).
 * 2. Remove invisible format characters (soft hyphen, zero-width space, joiners, U+FEFF).
 * 3. Trim leading and trailing white space and line terminators as `String.prototype.trim`
 *    defines them (space separators, tab, LF, CR, U+2028, U+2029 and others). Inner spaces are
 *    kept.
 * 4. Case folding by `toLowerCase`, `toUpperCase`, then `toLowerCase`, without a locale. The
 *    upper step turns `ß` into `SS`. The first lower step is needed for capital `ẞ` (U+1E9E),
 *    which `toUpperCase` leaves as it is. Turkish dotted `İ` lowers to `i` plus U+0307, so it
 *    does not match a plain `i`.
 * 5. Unicode NFKC again, because case mapping can leave decomposed text.
 *
 * @example
 * ```ts
 * normalizeForLookup('  Straße ') === normalizeForLookup('STRASSE'); // true, both are 'strasse'
 * ```
 */
export function normalizeForLookup(value: string): string {
  const trimmed = value.normalize('NFKC').replace(invisibleCharacters, '').trim();
  return trimmed.toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}
