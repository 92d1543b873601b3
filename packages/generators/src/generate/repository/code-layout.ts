import type { Expression } from '../expression-layout.js';
import { maxLineWidth, quoteString } from '../typescript-syntax.js';

/**
 * Generated code as a small tree that a printer breaks over lines the way Prettier would: a
 * call between its arguments, which may be calls themselves, and a conditional at `?` and `:`.
 * Plain strings never break.
 */
export type Code = string | CallCode | ConditionalCode;

export interface CallCode {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: readonly Code[];
  /** Text after the closing parenthesis, such as ` as Patient['ssn']`. */
  readonly suffix: string;
}

export interface ConditionalCode {
  readonly kind: 'conditional';
  readonly test: string;
  readonly whenTrue: Code;
  readonly whenFalse: Code;
}

/** Builds a call, optionally followed by a suffix such as a type assertion. */
export function callCode(callee: string, args: readonly Code[], suffix = ''): CallCode {
  return { kind: 'call', callee, args, suffix };
}

/** Converts an expression of the model printers into code for this printer. */
export function fromExpression(expression: Expression): Code {
  switch (expression.kind) {
    case 'text':
      return expression.text;
    case 'call':
      return callCode(expression.callee, expression.args, expression.suffix);
    case 'conditional':
      return {
        kind: 'conditional',
        test: expression.test,
        whenTrue: expression.whenTrue,
        whenFalse: fromExpression(expression.whenFalse),
      };
  }
}

/** Prints code on one line. */
export function flatCode(code: Code): string {
  if (typeof code === 'string') {
    return code;
  }
  if (code.kind === 'call') {
    return `${code.callee}(${code.args.map(flatCode).join(', ')})${code.suffix}`;
  }
  return `${code.test} ? ${flatCode(code.whenTrue)} : ${flatCode(code.whenFalse)}`;
}

/**
 * Prints `head`, the code and `tail` at the given indentation, such as `view.ssn = ` and `;`: on
 * one line when it fits, else with a call's arguments one per line and a conditional split at
 * `?` and `:`, recursively. Returned lines are relative to that indentation.
 */
export function printCode(head: string, code: Code, tail: string, indentWidth: number): string[] {
  const oneLine = `${head}${flatCode(code)}${tail}`;
  if (typeof code === 'string' || indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }

  if (code.kind === 'call') {
    const args = code.args.flatMap((arg) =>
      printCode('', arg, ',', indentWidth + 2).map((line) => `  ${line}`),
    );
    return [`${head}${code.callee}(`, ...args, `)${code.suffix}${tail}`];
  }

  // A conditional after `=` or a property name moves to its own lines below, as Prettier does.
  const lines = head.trim() === '' ? [] : [head.trimEnd()];
  const pad = head.trim() === '' ? head : '  ';
  const inner = indentWidth + pad.length + 2;
  const below = `${pad}${flatCode(code)}${tail}`;
  if (lines.length > 0 && indentWidth + below.length <= maxLineWidth) {
    return [...lines, below];
  }
  return [
    ...lines,
    `${pad}${code.test}`,
    ...hang(printCode('? ', code.whenTrue, '', inner), `${pad}  `),
    ...hang(printCode(': ', code.whenFalse, tail, inner), `${pad}  `),
  ];
}

/** Indents lines that follow `? ` or `: ` past that marker, as Prettier does. */
function hang(lines: readonly string[], pad: string): string[] {
  return lines.map((line, index) => (index === 0 ? `${pad}${line}` : `${pad}  ${line}`));
}

/**
 * Prints `head`, a string literal and `tail`: on one line when it fits, else as a concatenation
 * of literals broken at spaces, each piece on its own line below the head. SQL has no newlines
 * inside its literals here, so breaking at spaces never changes a statement.
 */
export function printStringLines(
  head: string,
  text: string,
  tail: string,
  indentWidth: number,
): string[] {
  const oneLine = `${head}${quoteString(text)}${tail}`;
  if (indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }

  // Room for two spaces of indentation and the ` +` that joins the pieces.
  const width = maxLineWidth - indentWidth - 2 - ' +'.length;
  const pieces: string[] = [];
  let piece = '';
  for (const word of text.split(' ')) {
    const candidate = piece === '' ? word : `${piece} ${word}`;
    if (piece !== '' && quoteString(`${candidate} `).length > width) {
      pieces.push(`${piece} `);
      piece = word;
    } else {
      piece = candidate;
    }
  }
  pieces.push(piece);

  const literals = pieces.map((part, index) => {
    const end = index === pieces.length - 1 ? tail : ' +';
    return `  ${quoteString(part)}${end}`;
  });
  return [head.trimEnd(), ...literals];
}
