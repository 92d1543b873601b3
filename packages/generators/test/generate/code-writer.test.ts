import fc from 'fast-check';
import { CodeBlockWriter } from 'ts-morph';
import { describe, expect, it } from 'vitest';

import { CodeWriter } from '../../src/generate/code-writer.js';

/** One call that the printers make on a writer. */
type Call =
  | { readonly kind: 'write' | 'writeLine'; readonly text: string }
  | { readonly kind: 'blankLine' | 'blankLineIfLastNot' | 'newLine' | 'newLineIfLastNot' }
  | { readonly kind: 'block' | 'inlineBlock'; readonly body: readonly Call[] };

/** The calls that both writers take, with the same meaning. */
interface Writer {
  write(text: string): unknown;
  writeLine(text: string): unknown;
  blankLine(): unknown;
  blankLineIfLastNot(): unknown;
  newLine(): unknown;
  newLineIfLastNot(): unknown;
  block(body: () => void): unknown;
  inlineBlock(body: () => void): unknown;
  getIndentationLevel(): number;
  toString(): string;
}

function play(writer: Writer, calls: readonly Call[], levels: number[]): void {
  for (const call of calls) {
    levels.push(writer.getIndentationLevel());
    switch (call.kind) {
      case 'write':
      case 'writeLine':
        writer[call.kind](call.text);
        break;
      case 'block':
      case 'inlineBlock':
        writer[call.kind](() => play(writer, call.body, levels));
        break;
      default:
        writer[call.kind]();
    }
  }
}

function printed(writer: Writer, calls: readonly Call[]): { text: string; levels: number[] } {
  const levels: number[] = [];
  play(writer, calls, levels);
  return { text: writer.toString(), levels };
}

/** Lines as the printers write them: code, doc comments and strings that close on their line. */
const lineText = fc.constantFrom(
  '',
  'const a = 1;',
  'readonly ssn: string | null;',
  "return 'x';",
  '/** A doc comment. */',
  ' * wrapped doc text',
  '// a line comment',
  'if (fields.has("ssn"))',
  'sql: \'SELECT "record".* FROM "patients" AS "record"\',',
  'two\nlines',
  'ends with a break\n',
  '\nstarts with a break',
  'a {',
  '}',
  ' ',
);

const calls: fc.Arbitrary<Call[]> = fc.letrec<{ calls: Call[]; call: Call }>((tie) => ({
  calls: fc.array(tie('call'), { maxLength: 8 }),
  call: fc.oneof(
    { depthSize: 'small' },
    fc.record({ kind: fc.constantFrom('write' as const, 'writeLine' as const), text: lineText }),
    fc.record({
      kind: fc.constantFrom(
        'blankLine' as const,
        'blankLineIfLastNot' as const,
        'newLine' as const,
        'newLineIfLastNot' as const,
      ),
    }),
    fc.record({ kind: fc.constantFrom('block' as const, 'inlineBlock' as const), body: tie('calls') }),
  ),
})).calls;

function codeBlockWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ newLine: '\n', indentNumberOfSpaces: 2, useSingleQuote: true });
}

describe('CodeWriter', () => {
  it("prints what ts-morph's CodeBlockWriter prints", () => {
    fc.assert(
      fc.property(calls, (sequence) => {
        const expected = printed(codeBlockWriter(), sequence);
        const actual = printed(new CodeWriter({ indentNumberOfSpaces: 2 }), sequence);

        expect(actual.text).toBe(expected.text);
        expect(actual.levels).toEqual(expected.levels);
      }),
      { numRuns: 2000 },
    );
  });

  it('indents a block and breaks the line after it', () => {
    const writer = new CodeWriter({ indentNumberOfSpaces: 2 });

    writer.write('if (ready)').block(() => writer.writeLine('go();'));
    writer.write('done();');

    expect(writer.toString()).toBe('if (ready) {\n  go();\n}\ndone();');
  });

  it('keeps one blank line between sections', () => {
    const writer = new CodeWriter({ indentNumberOfSpaces: 2 });

    writer.writeLine('a;').blankLineIfLastNot().blankLineIfLastNot().writeLine('b;');

    expect(writer.toString()).toBe('a;\n\nb;\n');
  });
});
