import { maxLineWidth } from '../typescript-syntax.js';

/**
 * Prints `head`, a call and `tail` as a statement at the given indentation: on one line when it
 * fits, else with one argument per line, as Prettier does. The lines carry no indentation.
 */
export function printCall(
  indentWidth: number,
  head: string,
  call: readonly [callee: string, ...args: string[]],
  tail: string,
): string[] {
  const [callee, ...args] = call;
  const oneLine = `${head}${callee}(${args.join(', ')})${tail}`;
  if (indentWidth + oneLine.length <= maxLineWidth) return [oneLine];
  return [`${head}${callee}(`, ...args.map((arg) => `  ${arg},`), `)${tail}`];
}
