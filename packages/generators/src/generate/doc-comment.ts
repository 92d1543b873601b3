import { maxLineWidth } from './typescript-syntax.js';
import { wrapWords } from './wrap-words.js';

/**
 * Prints a JSDoc comment at the given indentation: one line when it fits, else wrapped at word
 * boundaries. Spec text may contain `*` followed by `/`, which would end the comment early, so
 * that pair is escaped. Runs of whitespace, newlines included, collapse to one space.
 */
export function docComment(text: string, indentWidth: number): string[] {
  const clean = visibleText(text.replace(/\s+/g, ' ').trim()).replace(/\*\//g, '*\\/');
  const oneLine = `/** ${clean} */`;
  if (indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }

  const available = maxLineWidth - indentWidth - ' * '.length;
  const body = wrapWords(clean, available).map((line) => ` * ${line}`);
  return ['/**', ...body, ' */'];
}

// Control characters, line terminators and the bidirectional controls, which can make a
// comment or a file name display differently from the text that the compiler reads.
const invisiblePattern =
  /[\u0000-\u001f\u007f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Writes each invisible or line-breaking character of spec text as a `\uXXXX` escape. */
export function visibleText(text: string): string {
  return text.replace(
    invisiblePattern,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** Ends a sentence with a period unless it already ends with `.`, `!` or `?`. */
export function sentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
