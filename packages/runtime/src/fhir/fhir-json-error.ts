import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/**
 * Raised by `parseFhirJson` when the text is not JSON. The message gives the position and what
 * was expected there, and never quotes the text, which may hold PHI.
 */
export class FhirJsonError extends HspecRuntimeError {
  declare readonly code: 'fhir.invalid-json';
  /** 0-based offset in UTF-16 code units. */
  readonly offset: number;
  /** 1-based line; lines end at `\n`, `\r\n` or `\r`. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;

  constructor(text: string, offset: number, problem: string) {
    const { line, column } = positionOf(text, offset);
    super('fhir.invalid-json', `invalid JSON at line ${line}, column ${column}: ${problem}`);
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index += 1) {
    const char = text.charCodeAt(index);
    const crlf = char === 13 && text.charCodeAt(index + 1) === 10;
    if (char === 10 || (char === 13 && !crlf)) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
