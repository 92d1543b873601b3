import { maxLineWidth } from './typescript-syntax.js';

/**
 * A generated expression, kept as a small tree so that a printer can break it over lines the
 * way Prettier would when it does not fit. A call breaks between its arguments. A conditional
 * moves below its property name and then splits at `?` and `:`.
 */
export type Expression = TextExpression | CallExpression | ConditionalExpression;

export interface TextExpression {
  readonly kind: 'text';
  readonly text: string;
}

export interface CallExpression {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: readonly string[];
  /** Text after the closing parenthesis, such as ` as Patient['ssn']`. */
  readonly suffix: string;
}

export interface ConditionalExpression {
  readonly kind: 'conditional';
  readonly test: string;
  readonly whenTrue: string;
  readonly whenFalse: Expression;
}

/** Wraps plain code as an expression that never breaks. */
export function text(code: string): TextExpression {
  return { kind: 'text', text: code };
}

/** Builds a call expression, optionally followed by a suffix such as a type assertion. */
export function call(callee: string, args: readonly string[], suffix = ''): CallExpression {
  return { kind: 'call', callee, args, suffix };
}

/** Builds `test ? whenTrue : whenFalse`. */
export function conditional(
  test: string,
  whenTrue: string,
  whenFalse: Expression,
): ConditionalExpression {
  return { kind: 'conditional', test, whenTrue, whenFalse };
}

/** Prints an expression on one line. */
export function flat(expression: Expression): string {
  switch (expression.kind) {
    case 'text':
      return expression.text;
    case 'call':
      return `${expression.callee}(${expression.args.join(', ')})${expression.suffix}`;
    case 'conditional':
      return `${expression.test} ? ${expression.whenTrue} : ${flat(expression.whenFalse)}`;
  }
}

/**
 * Prints `key: expression,` as an object literal property at the given indentation, on as many
 * lines as it needs to stay within the line width. Returned lines are relative to that
 * indentation.
 */
export function printPropertyLines(
  key: string,
  expression: Expression,
  indentWidth: number,
): string[] {
  const oneLine = `${key}: ${flat(expression)},`;
  if (fits(oneLine, indentWidth)) {
    return [oneLine];
  }

  if (expression.kind === 'call') {
    return [
      `${key}: ${expression.callee}(`,
      ...expression.args.map((arg) => `  ${arg},`),
      `)${expression.suffix},`,
    ];
  }

  const below = `  ${flat(expression)},`;
  if (expression.kind === 'text' || fits(below, indentWidth)) {
    return [`${key}:`, below];
  }
  return [
    `${key}:`,
    `  ${expression.test}`,
    `    ? ${expression.whenTrue}`,
    `    : ${flat(expression.whenFalse)},`,
  ];
}

function fits(line: string, indentWidth: number): boolean {
  return indentWidth + line.length <= maxLineWidth;
}
