import { parseFhirJson, stringifyFhirJson } from '../fhir/fhir-json.js';

/** JSON text parsed for de-identification, and whether its decimals needed their digits kept. */
export interface ParsedFhirText {
  readonly value: unknown;
  /** The text held a number that a JavaScript number would change, so its digits were kept. */
  readonly exact: boolean;
}

/**
 * Parses one resource's JSON text. `JSON.parse` is the fast path; the text goes through
 * `parseFhirJson` only when it contains a number whose digits `JSON.parse` would change (`1.50`,
 * `1e2`, more than 15 significant digits). Throws a SyntaxError or FhirJsonError when the
 * text is not JSON.
 */
export function parseFhirText(text: string): ParsedFhirText {
  const exact = hasInexactNumber(text);
  return { value: exact ? parseFhirJson(text) : JSON.parse(text), exact };
}

/** Writes a value parsed by parseFhirText back as compact JSON, keeping recorded decimal digits. */
export function stringifyFhirText(value: unknown, exact: boolean): string {
  return exact ? stringifyFhirJson(value) : JSON.stringify(value);
}

/**
 * Tells whether JSON text contains a number that `String(Number(text))` would not give back.
 * Strings are skipped whole with `indexOf`, so digits inside them do not count, and a string is
 * built only for a number that is not a short plain integer.
 */
export function hasInexactNumber(text: string): boolean {
  const scan = { text, position: 0, nextBackslash: text.indexOf('\\') };
  while (scan.position < text.length) {
    const code = text.charCodeAt(scan.position);
    if (code === quote) {
      skipString(scan);
    } else if (isDigit(code) || (code === minus && isDigit(text.charCodeAt(scan.position + 1)))) {
      if (isInexactNumber(scan)) return true;
    } else {
      scan.position += 1;
    }
  }
  return false;
}

/** The state of a scan of JSON text: its position, and the first backslash at or after it. */
interface TextScan {
  readonly text: string;
  position: number;
  /** -1 when no backslash follows. */
  nextBackslash: number;
}

const quote = 0x22;
const minus = 0x2d;
const zero = 0x30;
const nine = 0x39;
/** Integers of up to 15 digits convert to a number and back unchanged. */
const exactDigits = 15;

/**
 * Moves past the string that starts at the position: to after its closing quote, or by one
 * character when it has none, which is where a regular expression for JSON strings would go on.
 * An escape is a backslash and any character but a line terminator.
 */
function skipString(scan: TextScan): void {
  const text = scan.text;
  let from = scan.position + 1;
  for (;;) {
    if (scan.nextBackslash >= 0 && scan.nextBackslash < from) {
      scan.nextBackslash = text.indexOf('\\', from);
    }
    const end = text.indexOf('"', from);
    if (end < 0) break;
    if (scan.nextBackslash < 0 || scan.nextBackslash > end) {
      scan.position = end + 1;
      return;
    }

    const escaped = scan.nextBackslash + 1;
    if (escaped >= text.length || isLineTerminator(text.charCodeAt(escaped))) break;
    from = escaped + 1;
  }
  scan.position += 1;
}

/**
 * Reads the number that starts at the position (an optional minus, a digit, then digits, dots,
 * exponents and signs) and returns whether it is inexact.
 */
function isInexactNumber(scan: TextScan): boolean {
  const text = scan.text;
  const start = scan.position;
  let end = text.charCodeAt(start) === minus ? start + 1 : start;
  let plainDigits = true;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (isDigit(code)) {
      end += 1;
    } else if (code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === minus) {
      plainDigits = false;
      end += 1;
    } else {
      break;
    }
  }
  scan.position = end;

  const first = text.charCodeAt(start) === minus ? start + 1 : start;
  const digits = end - first;
  // A plain integer without a leading zero, such as 42 or -7, is written back as it is.
  if (plainDigits && digits <= exactDigits && (text.charCodeAt(first) !== zero || digits === 1)) {
    return digits === 1 && first > start && text.charCodeAt(first) === zero;
  }
  const token = text.slice(start, end);
  return String(Number(token)) !== token;
}

function isDigit(code: number): boolean {
  return code >= zero && code <= nine;
}

function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}
