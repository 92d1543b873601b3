/** The line width that generated TypeScript keeps to, as Prettier does with `printWidth: 100`. */
export const maxLineWidth = 100;

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Quotes, backslashes, control characters, line terminators and surrogates.
const needsEscapePattern = /['"\\\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff]/;

// The characters that each kind of string literal escapes. With the `u` flag a surrogate pair
// is one code point, so the surrogate range matches lone surrogates only.
const escapeInSingleQuotes = /['\\\u0000-\u001f\u007f\u2028\u2029]|[\ud800-\udfff]/gu;
const escapeInDoubleQuotes = /["\\\u0000-\u001f\u007f\u2028\u2029]|[\ud800-\udfff]/gu;

/**
 * Writes a string literal, escaping what a literal cannot hold as is. Like Prettier with
 * `singleQuote`, it takes single quotes unless the text has more of them than double quotes.
 */
export function quoteString(text: string): string {
  if (!needsEscapePattern.test(text)) {
    return `'${text}'`;
  }

  const singles = text.split("'").length;
  const doubles = text.split('"').length;
  const quote = singles > doubles ? '"' : "'";
  const pattern = quote === "'" ? escapeInSingleQuotes : escapeInDoubleQuotes;
  const escaped = text.replace(pattern, (char) => (char === quote ? `\\${char}` : escapeChar(char)));
  return `${quote}${escaped}${quote}`;
}

function escapeChar(char: string): string {
  switch (char) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      break;
  }
  const code = char.codePointAt(0) ?? 0;
  // Other control characters, the two line terminators that string literals cannot contain, and
  // lone surrogates, which a UTF-8 file cannot hold.
  const isLoneSurrogate = code >= 0xd800 && code <= 0xdfff;
  if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || isLoneSurrogate) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return char;
}

/**
 * Writes a property name for an object literal or a type member. A plain identifier (reserved
 * words included, which ES5 allows as property names) stays bare, and anything else is quoted. A
 * literal `__proto__` key would set the prototype instead of a property, so it is computed.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') {
    return `[${quoteString(name)}]`;
  }
  return identifierPattern.test(name) ? name : quoteString(name);
}

/** Writes a property read such as `input.mrn`, or `row['2fa']` for a name that is no identifier. */
export function propertyAccess(object: string, name: string): string {
  return identifierPattern.test(name) ? `${object}.${name}` : `${object}[${quoteString(name)}]`;
}

/** Joins union members with ` | `. */
export function unionType(members: readonly string[]): string {
  return members.join(' | ');
}

/**
 * Prints a type member or interface property such as `readonly ssn: Phi<string, 'ssn'> | null;`,
 * breaking a union that does not fit into one member per line, as Prettier does.
 */
export function printTypeMember(
  head: string,
  members: readonly string[],
  indentWidth: number,
): string[] {
  const flat = `${head} ${unionType(members)};`;
  if (indentWidth + flat.length <= maxLineWidth || members.length < 2) {
    return [flat];
  }

  const lines = [head];
  members.forEach((member, index) => {
    const end = index === members.length - 1 ? ';' : '';
    lines.push(`  | ${member}${end}`);
  });
  return lines;
}

/**
 * Prints a function signature without its body, breaking the parameters one per line when the
 * signature and the opening brace that follows it do not fit, as Prettier does.
 */
export function printSignature(
  head: string,
  parameters: readonly string[],
  returnType: string,
  indentWidth: number,
): string[] {
  const oneLine = `${head}(${parameters.join(', ')}): ${returnType}`;
  if (indentWidth + oneLine.length + ' {'.length <= maxLineWidth) {
    return [oneLine];
  }
  return [`${head}(`, ...parameters.map((parameter) => `  ${parameter},`), `): ${returnType}`];
}
