/** The indentation of a CodeWriter. */
export interface CodeWriterOptions {
  readonly indentNumberOfSpaces: number;
}

/**
 * Collects the text of one generated module: lines at an indentation level, blank lines and
 * brace blocks. It prints the same text as ts-morph's CodeBlockWriter does for these calls.
 * CodeBlockWriter also reads every written character to track strings, comments and regular
 * expressions, which only matters for a template literal that spans lines. The printers write
 * no such literal, and for 1,000 models that reading took a third of the time spent emitting.
 * That reading also misfires on a line with an escaped quote and then a backtick (an enum of a
 * backslash and a backtick): CodeBlockWriter stops indenting the rest of the file. This one does
 * not; it is the one difference in output that a run over random specs turned up.
 */
export class CodeWriter {
  readonly #indentText: string;
  readonly #indentNumberOfSpaces: number;
  readonly #chunks: string[] = [];
  #length = 0;
  /** The last two characters written, to tell a line end and a blank line. */
  #tail = '';
  #level = 0;
  /** Set after a block, so that the next write starts a new line. */
  #newLineOnNextWrite = false;

  constructor(options: CodeWriterOptions) {
    this.#indentNumberOfSpaces = options.indentNumberOfSpaces;
    this.#indentText = ' '.repeat(options.indentNumberOfSpaces);
  }

  getOptions(): CodeWriterOptions {
    return { indentNumberOfSpaces: this.#indentNumberOfSpaces };
  }

  getIndentationLevel(): number {
    return this.#level;
  }

  /** Writes text, indenting it when it starts a line. */
  write(text: string): this {
    this.#newLineIfNewLineOnNextWrite();
    this.#writeIndenting(text);
    return this;
  }

  /** Writes text as a line of its own. */
  writeLine(text: string): this {
    this.#newLineIfNewLineOnNextWrite();
    if (this.#length > 0) {
      this.newLineIfLastNot();
    }
    this.#writeIndenting(text);
    this.newLine();
    return this;
  }

  newLine(): this {
    this.#newLineOnNextWrite = false;
    this.#push('\n');
    return this;
  }

  newLineIfLastNot(): this {
    this.#newLineIfNewLineOnNextWrite();
    if (!this.#isLastNewLine()) {
      this.newLine();
    }
    return this;
  }

  blankLine(): this {
    return this.newLineIfLastNot().newLine();
  }

  blankLineIfLastNot(): this {
    if (!this.#tail.endsWith('\n\n')) {
      this.blankLine();
    }
    return this;
  }

  /** Writes ` {`, the block one level deeper, and `}`; the next write starts a new line. */
  block(writeBody: () => void): this {
    this.#newLineIfNewLineOnNextWrite();
    if (this.#length > 0 && !this.#isLastNewLine() && !this.#tail.endsWith(' ')) {
      this.#writeIndenting(' ');
    }
    this.inlineBlock(writeBody);
    this.#newLineOnNextWrite = true;
    return this;
  }

  /** Writes `{`, the block one level deeper, and `}`, with no line break after it. */
  inlineBlock(writeBody: () => void): this {
    this.#newLineIfNewLineOnNextWrite();
    this.write('{');
    if (this.#length > 0) {
      this.newLineIfLastNot();
    }
    this.#level++;
    writeBody();
    this.#level = Math.max(0, this.#level - 1);
    this.newLineIfLastNot().write('}');
    return this;
  }

  toString(): string {
    if (this.#chunks.length > 1) {
      const text = this.#chunks.join('');
      this.#chunks.length = 0;
      this.#chunks.push(text);
    }
    return this.#chunks[0] ?? '';
  }

  #newLineIfNewLineOnNextWrite(): void {
    if (this.#newLineOnNextWrite) {
      this.newLine();
    }
  }

  #isLastNewLine(): boolean {
    return this.#tail.endsWith('\n');
  }

  /**
   * Writes each line of the text, indented. As CodeBlockWriter does, a text without a line
   * break is indented even when empty, while the empty lines of a longer text are not.
   */
  #writeIndenting(text: string): void {
    if (!text.includes('\n')) {
      this.#writeLinePart(text);
      return;
    }
    const lines = text.split(/\r?\n/);
    for (const [index, line] of lines.entries()) {
      if (index > 0) {
        this.#push('\n');
      }
      if (line.length > 0) {
        this.#writeLinePart(line);
      }
    }
  }

  /** Writes text without a line break, indented when it starts a line. */
  #writeLinePart(text: string): void {
    if (this.#length === 0 || this.#isLastNewLine()) {
      this.#push(this.#indentText.repeat(this.#level));
    }
    this.#push(text);
  }

  #push(text: string): void {
    if (text.length === 0) {
      return;
    }
    this.#chunks.push(text);
    this.#length += text.length;
    this.#tail = text.length >= 2 ? text.slice(-2) : this.#tail.slice(-1) + text;
  }
}
