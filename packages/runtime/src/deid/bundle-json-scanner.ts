import { DeidInputError } from './deid-input-error.js';

/** A piece of a Bundle that the scanner has read whole. */
export type BundleScanEvent =
  | {
      readonly kind: 'member';
      /** A top-level member other than the `entry` array. */
      readonly name: string;
      readonly text: string;
      readonly line: number;
    }
  | { readonly kind: 'entries-start' }
  | {
      readonly kind: 'entry';
      /** 0-based position in `entry`. */
      readonly index: number;
      readonly text: string;
      /** 1-based line where the entry starts. */
      readonly line: number;
    }
  | { readonly kind: 'entries-end' };

type State =
  | 'start'
  | 'key-or-end'
  | 'key'
  | 'in-key'
  | 'colon'
  | 'value'
  | 'after-value'
  | 'item-or-end'
  | 'item'
  | 'after-item'
  | 'done';

/** The raw text of one value being read, possibly across chunks. */
interface Capture {
  readonly parts: string[];
  readonly line: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** A number, `true`, `false` or `null`: it ends at the next delimiter. */
  readonly scalar: boolean;
}

const quote = 0x22;
const backslash = 0x5c;
const newline = 0x0a;

/**
 * Reads a Bundle's JSON text chunk by chunk and hands back each top-level member and each item
 * of its `entry` array as raw text, without ever holding the whole Bundle. Strings and escapes
 * are tracked across chunk boundaries, so a chunk may end anywhere, even inside `\u00e9`.
 *
 * Only the outer object and the `entry` array are checked here; each piece is parsed by the
 * caller. A structural problem raises DeidInputError with the line where it was found.
 *
 * @example
 * const scanner = new BundleJsonScanner();
 * for await (const chunk of input) for (const event of scanner.push(chunk)) handle(event);
 * scanner.end();
 */
export class BundleJsonScanner {
  #state: State = 'start';
  #line = 1;
  #key: string[] = [];
  #keyEscaped = false;
  #name = '';
  #capture: Capture | undefined;
  #entries = 0;
  /** A comma was read, so a key or item must follow before the closing bracket. */
  #needsNext = false;

  /** Reads the next chunk and returns the members and entries it completed. */
  push(chunk: string): BundleScanEvent[] {
    const events: BundleScanEvent[] = [];
    let index = 0;

    while (index < chunk.length) {
      if (this.#capture !== undefined) {
        index = this.#continueCapture(chunk, index, events);
        continue;
      }
      if (this.#state === 'in-key') {
        index = this.#continueKey(chunk, index);
        continue;
      }

      const code = chunk.charCodeAt(index);
      if (isWhitespace(code)) {
        if (code === newline) this.#line += 1;
        index += 1;
        continue;
      }
      index += this.#structural(chunk, index, events);
    }
    return events;
  }

  /** Checks that the Bundle ended where it should; raises DeidInputError otherwise. */
  end(): BundleScanEvent[] {
    if (this.#state !== 'done') this.#fail('the Bundle JSON ends before its closing brace');
    return [];
  }

  /**
   * Handles one character outside any value (braces, brackets, colons, commas, the start of a
   * key) and returns how many characters it consumed: 0 when it starts a value.
   */
  #structural(chunk: string, index: number, events: BundleScanEvent[]): number {
    const character = chunk[index];
    if (this.#state === 'value' || this.#state === 'item-or-end') {
      return this.#valueStart(character, chunk, index, events);
    }

    switch (this.#state) {
      case 'start':
        if (character !== '{') this.#fail('a Bundle must be one JSON object');
        this.#state = 'key-or-end';
        return 1;
      case 'key-or-end':
      case 'key':
        if (character === '}' && this.#state === 'key-or-end') {
          this.#state = 'done';
        } else if (character === '"') {
          this.#state = 'in-key';
          this.#key = [];
          this.#keyEscaped = false;
        } else {
          this.#fail('expected a member name in double quotes');
        }
        return 1;
      case 'colon':
        if (character !== ':') this.#fail('expected ":" after a member name');
        this.#state = 'value';
        return 1;
      case 'after-value':
        if (character === ',') this.#state = 'key';
        else if (character === '}') this.#state = 'done';
        else this.#fail('expected "," or "}" after a member');
        return 1;
      case 'after-item':
        if (character === ',') {
          this.#state = 'item-or-end';
          this.#needsNext = true;
        } else if (character === ']') {
          events.push({ kind: 'entries-end' });
          this.#state = 'after-value';
        } else {
          this.#fail('expected "," or "]" after an entry');
        }
        return 1;
      default:
        return this.#fail('unexpected content after the Bundle');
    }
  }

  /** Starts reading a member's value or an entry, or ends the `entry` array. */
  #valueStart(character: string | undefined, chunk: string, index: number, events: BundleScanEvent[]): number {
    if (this.#state === 'value' && this.#name === 'entry' && character === '[') {
      events.push({ kind: 'entries-start' });
      this.#state = 'item-or-end';
      this.#needsNext = false;
      return 1;
    }
    if (this.#state === 'item-or-end' && character === ']') {
      if (this.#needsNext) this.#fail('expected an entry after ","');
      events.push({ kind: 'entries-end' });
      this.#state = 'after-value';
      return 1;
    }
    if (character === ',' || character === '}' || character === ']' || character === ':') {
      this.#fail(this.#state === 'value' ? 'expected a member value' : 'expected an entry');
    }
    this.#startCapture(chunk, index);
    return 0;
  }

  /** Reads the rest of a member name, up to its closing quote. */
  #continueKey(chunk: string, index: number): number {
    let position = index;
    while (position < chunk.length) {
      const code = chunk.charCodeAt(position);
      if (this.#keyEscaped) {
        this.#keyEscaped = false;
      } else if (code === backslash) {
        this.#keyEscaped = true;
      } else if (code === quote) {
        this.#key.push(chunk.slice(index, position));
        this.#name = this.#parseKey(`"${this.#key.join('')}"`);
        this.#state = 'colon';
        return position + 1;
      }
      position += 1;
    }
    this.#key.push(chunk.slice(index));
    return position;
  }

  #parseKey(text: string): string {
    try {
      return JSON.parse(text) as string;
    } catch {
      return this.#fail('a member name is not a valid JSON string');
    }
  }

  #startCapture(chunk: string, index: number): void {
    const code = chunk.charCodeAt(index);
    const opens = code === 0x7b || code === 0x5b;
    // The first character is read again by #continueCapture, which counts the opening bracket
    // or quote.
    this.#capture = {
      parts: [],
      line: this.#line,
      depth: 0,
      inString: false,
      escaped: false,
      scalar: !opens && code !== quote,
    };
  }

  /**
   * Reads value text from `index` until the value ends or the chunk does, and returns where
   * reading stopped.
   */
  #continueCapture(chunk: string, index: number, events: BundleScanEvent[]): number {
    const capture = this.#capture!;
    let position = index;

    while (position < chunk.length) {
      const code = chunk.charCodeAt(position);

      if (capture.inString) {
        if (capture.escaped) {
          capture.escaped = false;
        } else if (code === backslash) {
          capture.escaped = true;
        } else if (code === quote) {
          capture.inString = false;
          if (capture.depth === 0) return this.#finishCapture(chunk, index, position + 1, events);
        }
        position += 1;
        continue;
      }

      if (capture.scalar) {
        if (isWhitespace(code) || code === 0x2c || code === 0x7d || code === 0x5d) {
          return this.#finishCapture(chunk, index, position, events);
        }
      } else if (code === quote) {
        capture.inString = true;
      } else if (code === 0x7b || code === 0x5b) {
        capture.depth += 1;
      } else if (code === 0x7d || code === 0x5d) {
        capture.depth -= 1;
        if (capture.depth === 0) return this.#finishCapture(chunk, index, position + 1, events);
      } else if (code === newline) {
        this.#line += 1;
      }
      position += 1;
    }

    capture.parts.push(chunk.slice(index));
    return position;
  }

  #finishCapture(chunk: string, start: number, end: number, events: BundleScanEvent[]): number {
    const capture = this.#capture!;
    capture.parts.push(chunk.slice(start, end));
    const text = capture.parts.join('');
    this.#capture = undefined;

    if (this.#state === 'value') {
      events.push({ kind: 'member', name: this.#name, text, line: capture.line });
      this.#state = 'after-value';
    } else {
      events.push({ kind: 'entry', index: this.#entries, text, line: capture.line });
      this.#entries += 1;
      this.#state = 'after-item';
    }
    return end;
  }

  #fail(reason: string): never {
    throw new DeidInputError({ line: this.#line, entry: undefined, reason });
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
