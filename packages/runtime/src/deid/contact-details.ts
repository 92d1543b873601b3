import type { PhiKind } from '../phi/phi-kind.js';

// An address such as `john.smith@example.com`, also inside `mailto:` or a longer text.
const emailPattern = /[\w.!#$%&'*+/=?^`{|}~-]@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;

// A phone number written with separators. A digit, letter or joining character next to it means
// a longer code, so `0002-3227-30` (an NDC) and the groups of a UUID do not match.
// - North American: `555-123-4567`, `555.123.4567`, `(555) 123-4567`, `+1 555 123 4567`.
// - International, with a `+` and at least three groups: `+44 20 7946 0958`.
// - Local, with a dash: `555-1234`. LOINC codes have one check digit after their dash.
const phonePattern = new RegExp(
  [
    String.raw`(?<![\w+.-])(?:\+?1[-. ]?)?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-]|\.\d)`,
    String.raw`(?<![\w+.-])\+\d{1,3}(?:[-. ]\(?\d{1,4}\)?){2,5}(?![\w-]|\.\d)`,
    String.raw`(?<![\w+.-])\d{3}-\d{4}(?![\w-]|\.\d)`,
  ].join('|'),
);

// Four numbers from 0 to 255 joined by dots, not part of a longer dotted number such as an OID.
const octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const ipv4Pattern = new RegExp(String.raw`(?<![\d.])${octet}(?:\.${octet}){3}(?!\d|\.\d)`);

// URI schemes that address a person, with the kind they count under, lowercase.
const contactSchemes: readonly (readonly [string, PhiKind])[] = [
  ['mailto', 'email'],
  ['tel', 'phone'],
  ['sms', 'phone'],
  ['callto', 'phone'],
  ['fax', 'fax'],
];

const space = 0x20;
const openParenthesis = 0x28;
const hyphen = 0x2d;
const dot = 0x2e;
const colon = 0x3a;
const at = 0x40;

/**
 * Returns the Safe Harbor kind of a contact detail or network address inside a text that the
 * rules would keep (a code, a uri, a coding's display, a unit), or undefined when it has none.
 * The kinds are `email` for an email address or `mailto:` URI, `phone` for a `tel:`, `sms:` or
 * `callto:` URI or a phone number written with separators, `fax` for a `fax:` URI, and
 * `ip_address` for an IPv4 address. The tests check that codes of SNOMED CT, LOINC, ICD-10,
 * RxNorm, NDC and UCUM do not match.
 *
 * A phone number written as bare digits (`5551234567`) is not found, because SNOMED CT and
 * RxNorm codes are bare digits too.
 */
export function contactDetailKindOf(text: string): PhiKind | undefined {
  // Shorter texts, such as most units, cannot contain an address (`a@b.c`) or a number.
  if (text.length < 5) return undefined;

  // Kept texts are mostly a few hundred codes, systems and units repeated in every resource.
  let kind = recentResults.get(text);
  if (kind === undefined) {
    kind = findContactDetail(text) ?? null;
    if (recentResults.size >= maxRecentResults) recentResults.clear();
    recentResults.set(text, kind);
  }
  return kind ?? undefined;
}

// Results for recent texts, emptied when full so that memory stays bounded.
const recentResults = new Map<string, PhiKind | null>();
const maxRecentResults = 4096;

function findContactDetail(text: string): PhiKind | undefined {
  // One pass over the characters decides which patterns can match, so most codes and system
  // URIs are checked without running a regular expression.
  let digits = 0;
  let dots = 0;
  let separators = 0;
  let hasAt = false;
  let schemeKind: PhiKind | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) digits += 1;
    else if (code === dot) dots += 1;
    else if (code === hyphen || code === space || code === openParenthesis) separators += 1;
    else if (code === at) hasAt = true;
    else if (code === colon) schemeKind ??= contactSchemeBefore(text, index);
  }

  if (hasAt && emailPattern.test(text)) return 'email';
  if (schemeKind !== undefined) return schemeKind;
  if (digits >= 7 && dots + separators > 0 && phonePattern.test(text)) return 'phone';
  if (digits >= 4 && dots >= 3 && ipv4Pattern.test(text)) return 'ip_address';
  return undefined;
}

/** Returns the kind of the contact URI scheme that ends at a colon, ignoring case. */
function contactSchemeBefore(text: string, colonIndex: number): PhiKind | undefined {
  for (const [scheme, kind] of contactSchemes) {
    const start = colonIndex - scheme.length;
    if (start < 0) continue;
    if (start > 0 && isSchemeCharacter(text.charCodeAt(start - 1))) continue;
    if (matchesLowercase(text, start, scheme)) return kind;
  }
  return undefined;
}

function matchesLowercase(text: string, start: number, lowercase: string): boolean {
  for (let offset = 0; offset < lowercase.length; offset += 1) {
    // Setting bit 0x20 lowercases an ASCII letter, and the schemes contain letters only.
    if ((text.charCodeAt(start + offset) | 0x20) !== lowercase.charCodeAt(offset)) return false;
  }
  return true;
}

/** Tells whether a character may appear in a URI scheme (RFC 3986: letters, digits, `+-.`). */
function isSchemeCharacter(code: number): boolean {
  const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  const digit = code >= 0x30 && code <= 0x39;
  return letter || digit || code === 0x2b || code === 0x2d || code === 0x2e;
}
