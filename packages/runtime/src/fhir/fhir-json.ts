import { decimalText, recordDecimalText } from './decimal-text.js';
import { FhirJsonError } from './fhir-json-error.js';

/**
 * FHIR JSON that keeps each decimal's digits. `JSON.parse` turns `1.50` into `1.5` and
 * `123456789012345678.90` into `123456789012345680`, which loses the precision that a FHIR
 * decimal states. These functions read and write the same JSON (RFC 8259) as `JSON.parse`
 * and `JSON.stringify`, but keep the text of every number whose shortest JavaScript form differs
 * from it, as `decimalText` describes.
 */

type Frame =
  | { readonly kind: 'object'; readonly container: Record<string, unknown>; key: string }
  | { readonly kind: 'array'; readonly container: unknown[] };

const quote = 0x22;
const backslash = 0x5c;
const escapes: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON text as `JSON.parse` does, and records the text of each number inside an object
 * or array whose digits a JavaScript number would change. A number at the top level keeps no
 * text. Throws `FhirJsonError` with the line and column of the first problem.
 *
 * @example
 * const quantity = parseFhirJson('{"value": 1.50}') as { value: number };
 * quantity.value; // 1.5
 * decimalText(quantity, 'value'); // '1.50'
 */
export function parseFhirJson(text: string): unknown {
  const parser = new JsonParser(text);
  const value = parser.parseValue();
  parser.expectEnd();
  return value;
}

/**
 * Writes a value as JSON, as `JSON.stringify(value, null, indent)` does, except that a number
 * with recorded text (from `parseFhirJson` or `setDecimalText`) is written as that text. Throws
 * a TypeError, as `JSON.stringify` does, for a cycle or a bigint, and also when the value itself
 * has no JSON form (undefined or a function).
 */
export function stringifyFhirJson(value: unknown, indent?: number | string): string {
  const writer = new JsonWriter(gapOf(indent));
  const text = writer.write({ '': value }, '', value, '');
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return text;
}

class JsonParser {
  private offset = 0;

  constructor(private readonly text: string) {}

  /** Parses one value with an explicit stack, so deep nesting cannot overflow the call stack. */
  parseValue(): unknown {
    const stack: Frame[] = [];

    for (;;) {
      this.skipWhitespace();
      const start = this.offset;
      let value: unknown;
      let numberText: string | undefined;

      switch (this.text.charCodeAt(start)) {
        case 0x7b: {
          this.offset += 1;
          this.skipWhitespace();
          if (this.text.charCodeAt(this.offset) !== 0x7d) {
            stack.push({ kind: 'object', container: {}, key: this.parseKey() });
            continue;
          }
          this.offset += 1;
          value = {};
          break;
        }
        case 0x5b: {
          this.offset += 1;
          this.skipWhitespace();
          if (this.text.charCodeAt(this.offset) !== 0x5d) {
            stack.push({ kind: 'array', container: [] });
            continue;
          }
          this.offset += 1;
          value = [];
          break;
        }
        case quote:
          value = this.parseString();
          break;
        case 0x74:
          value = this.parseLiteral('true', true);
          break;
        case 0x66:
          value = this.parseLiteral('false', false);
          break;
        case 0x6e:
          value = this.parseLiteral('null', null);
          break;
        default:
          numberText = this.parseNumber();
          value = Number(numberText);
      }

      // Put the value into its container, then close every container that ends after it.
      for (;;) {
        const frame = stack.at(-1);
        if (frame === undefined) return value;

        const key = frame.kind === 'object' ? frame.key : frame.container.length;
        if (frame.kind === 'object') setProperty(frame.container, frame.key, value);
        else frame.container.push(value);
        if (numberText !== undefined) recordDecimalText(frame.container, key, numberText);
        numberText = undefined;

        this.skipWhitespace();
        const next = this.text.charCodeAt(this.offset);
        if (next === 0x2c) {
          this.offset += 1;
          if (frame.kind === 'object') frame.key = this.parseKey();
          break;
        }
        const close = frame.kind === 'object' ? 0x7d : 0x5d;
        if (next !== close) {
          this.fail(frame.kind === 'object' ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        this.offset += 1;
        stack.pop();
        value = frame.container;
      }
    }
  }

  expectEnd(): void {
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private parseKey(): string {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.offset) !== quote) {
      this.fail('expected a property name in double quotes');
    }
    const key = this.parseString();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.offset) !== 0x3a) this.fail("expected ':'");
    this.offset += 1;
    return key;
  }

  private parseString(): string {
    const { text } = this;
    this.offset += 1;
    let result = '';
    let chunkStart = this.offset;

    for (;;) {
      if (this.offset >= text.length) this.fail('unterminated string');
      const char = text.charCodeAt(this.offset);
      if (char === quote) break;
      if (char < 0x20) {
        this.fail('control character in string; write it as an escape such as \\n');
      }
      if (char !== backslash) {
        this.offset += 1;
        continue;
      }

      result += text.slice(chunkStart, this.offset);
      result += this.parseEscape();
      chunkStart = this.offset;
    }

    result += text.slice(chunkStart, this.offset);
    this.offset += 1;
    return result;
  }

  private parseEscape(): string {
    const letter = this.text.charAt(this.offset + 1);
    if (letter === 'u') {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.offset += 2;
        this.fail('expected four hexadecimal digits after \\u');
      }
      this.offset += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }

    const escaped = Object.hasOwn(escapes, letter) ? escapes[letter] : undefined;
    if (escaped === undefined) {
      this.offset += 1;
      this.fail('invalid escape; JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX');
    }
    this.offset += 2;
    return escaped;
  }

  // JSON numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  private parseNumber(): string {
    const start = this.offset;
    if (this.text.charCodeAt(this.offset) === 0x2d) this.offset += 1;

    const first = this.text.charCodeAt(this.offset);
    if (!isDigit(first)) {
      this.fail(this.offset === start ? 'expected a JSON value' : "expected a digit after '-'");
    }
    if (first === 0x30) this.offset += 1;
    else this.skipDigits();

    if (this.text.charCodeAt(this.offset) === 0x2e) {
      this.offset += 1;
      if (!isDigit(this.text.charCodeAt(this.offset))) this.fail("expected a digit after '.'");
      this.skipDigits();
    }

    const exponent = this.text.charCodeAt(this.offset);
    if (exponent === 0x65 || exponent === 0x45) {
      this.offset += 1;
      const sign = this.text.charCodeAt(this.offset);
      if (sign === 0x2b || sign === 0x2d) this.offset += 1;
      if (!isDigit(this.text.charCodeAt(this.offset))) {
        this.fail('expected a digit in the exponent');
      }
      this.skipDigits();
    }

    return this.text.slice(start, this.offset);
  }

  private parseLiteral<T>(word: string, value: T): T {
    for (let index = 0; index < word.length; index += 1) {
      if (this.text.charCodeAt(this.offset) !== word.charCodeAt(index)) {
        this.fail(index === 0 ? 'expected a JSON value' : `expected '${word}'`);
      }
      this.offset += 1;
    }
    return value;
  }

  private skipDigits(): void {
    while (isDigit(this.text.charCodeAt(this.offset))) this.offset += 1;
  }

  // JSON whitespace is space, tab, line feed and carriage return, and nothing else.
  private skipWhitespace(): void {
    for (;;) {
      const char = this.text.charCodeAt(this.offset);
      if (char !== 0x20 && char !== 0x09 && char !== 0x0a && char !== 0x0d) return;
      this.offset += 1;
    }
  }

  private fail(problem: string): never {
    const atEnd = this.offset >= this.text.length;
    const message = atEnd ? `unexpected end of text; ${problem}` : problem;
    throw new FhirJsonError(this.text, this.offset, message);
  }
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

// `JSON.parse` makes `__proto__` an own property; plain assignment would set the prototype.
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    const descriptor = { value, writable: true, enumerable: true, configurable: true };
    Object.defineProperty(target, key, descriptor);
  } else {
    target[key] = value;
  }
}

function gapOf(indent: number | string | undefined): string {
  if (typeof indent === 'number') {
    return ' '.repeat(Math.max(0, Math.min(10, Math.trunc(indent))));
  }
  if (typeof indent === 'string') return indent.slice(0, 10);
  return '';
}

class JsonWriter {
  private readonly open = new Set<object>();

  constructor(private readonly gap: string) {}

  /** Writes `holder[key]`, whose value is `raw`, or returns undefined when it has no JSON form. */
  write(holder: object, key: string, raw: unknown, indent: string): string | undefined {
    let value = raw;
    if (isObjectLike(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      value = (value as { toJSON(key: string): unknown }).toJSON(key);
    }
    if (value instanceof Number) value = Number(value);
    else if (value instanceof String) value = String(value);
    else if (value instanceof Boolean) value = value.valueOf();

    if (value === null) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return this.writeNumber(holder, key, raw, value);
    if (typeof value === 'bigint') throw new TypeError('a bigint has no JSON form');
    if (typeof value !== 'object') return undefined;

    if (this.open.has(value)) throw new TypeError('cannot write a circular structure as JSON');
    this.open.add(value);
    const text = Array.isArray(value)
      ? this.writeArray(value, indent)
      : this.writeObject(value as Record<string, unknown>, indent);
    this.open.delete(value);
    return text;
  }

  private writeNumber(holder: object, key: string, raw: unknown, value: number): string {
    if (raw === value) {
      const text = decimalText(holder, key);
      if (text !== undefined) return text;
    }
    return Number.isFinite(value) ? String(value) : 'null';
  }

  private writeArray(array: readonly unknown[], indent: string): string {
    if (array.length === 0) return '[]';
    const inner = indent + this.gap;
    const items: string[] = [];
    for (let index = 0; index < array.length; index += 1) {
      items.push(this.write(array, String(index), array[index], inner) ?? 'null');
    }
    return this.wrap('[', items, ']', indent);
  }

  private writeObject(object: Record<string, unknown>, indent: string): string {
    const inner = indent + this.gap;
    const members: string[] = [];
    for (const key of Object.keys(object)) {
      const text = this.write(object, key, object[key], inner);
      if (text === undefined) continue;
      members.push(`${JSON.stringify(key)}:${this.gap === '' ? '' : ' '}${text}`);
    }
    if (members.length === 0) return '{}';
    return this.wrap('{', members, '}', indent);
  }

  private wrap(open: string, parts: readonly string[], close: string, indent: string): string {
    if (this.gap === '') return `${open}${parts.join(',')}${close}`;
    const inner = indent + this.gap;
    return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${indent}${close}`;
  }
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'bigint';
}
