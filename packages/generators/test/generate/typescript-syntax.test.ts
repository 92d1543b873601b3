import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import { quoteString } from '../../src/generate/typescript-syntax.js';

/** Text with what literals must escape: quotes, backslashes, controls, line terminators, lone surrogates. */
const awkwardText = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom("'", '"', '\\', '\n', '\r', '\t', '\u0000', '\u007f', '\u2028', '\u2029'),
    fc.constantFrom('\ud83d\ude00', '\ud800', '\udfff', 'a\ud800b'),
  ),
).map((parts) => parts.join(''));

describe('quoteString', () => {
  it('reads back as the same text', () => {
    fc.assert(
      fc.property(awkwardText, (text) => {
        expect(runInNewContext(quoteString(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds no line break, control character or lone surrogate', () => {
    fc.assert(
      fc.property(awkwardText, (text) => {
        const quoted = quoteString(text);

        expect(quoted).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
        expect(quoted).not.toMatch(/[\ud800-\udfff]/u);
      }),
    );
  });

  it('takes the quote that needs fewer escapes', () => {
    expect(quoteString('plain')).toBe("'plain'");
    expect(quoteString('"record"."id"')).toBe('\'"record"."id"\'');
    expect(quoteString("it's")).toBe('"it\'s"');
    expect(quoteString('a\\b')).toBe("'a\\\\b'");
    expect(quoteString('\ud83d\ude00 \ud800')).toBe("'\ud83d\ude00 \\ud800'");
  });
});
