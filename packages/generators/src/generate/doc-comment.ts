import { maxLineWidth } from './typescript-syntax.js';
import { wrapWords } from './wrap-words.js';

/**
 * Prints a JSDoc comment at the given indentation: one line when it fits, else wrapped at word
 * boundaries. Spec text may contain `*` followed by `/`, which would end the comment early, so
 * that pair is escaped. Runs of whitespace, newlines included, collapse to one space.
 */
export function docComment(text: string, indentWidth: number): string[] {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/\*\//g, '*\\/');
  const oneLine = `/** ${clean} */`;
  if (indentWidth + oneLine.length <= maxLineWidth) {
    return [oneLine];
  }

  const available = maxLineWidth - indentWidth - ' * '.length;
  const body = wrapWords(clean, available).map((line) => ` * ${line}`);
  return ['/**', ...body, ' */'];
}

/** Ends a sentence with a period unless it already ends with `.`, `!` or `?`. */
export function sentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
