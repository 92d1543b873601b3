import { describe, expect, it } from 'vitest';

import { hasInexactNumber, parseFhirText, stringifyFhirText } from '../../src/deid/fhir-text.js';

// The definition that the scanner must match: every JSON string is skipped whole, and each
// number-like token outside strings is inexact when String(Number(token)) differs from it.
const tokenPattern = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*/g;

function inexactByPattern(text: string): boolean {
  for (const match of text.matchAll(tokenPattern)) {
    const token = match[0];
    if (token.charCodeAt(0) !== 0x22 && String(Number(token)) !== token) return true;
  }
  return false;
}

describe('hasInexactNumber', () => {
  const cases: { name: string; text: string; inexact: boolean }[] = [
    { name: 'no numbers', text: '{"a":"b","c":[true,null]}', inexact: false },
    { name: 'plain integers', text: '{"a":42,"b":-7,"c":0,"d":[1,2,3]}', inexact: false },
    { name: 'short decimal', text: '{"value":97.36}', inexact: false },
    { name: 'trailing zero', text: '{"value":1.50}', inexact: true },
    { name: 'exponent', text: '{"value":1e2}', inexact: true },
    { name: 'negative zero', text: '{"value":-0}', inexact: true },
    { name: 'leading zero', text: '{"value":007}', inexact: true },
    { name: 'fifteen digits', text: '{"value":123456789012345}', inexact: false },
    { name: 'sixteen digits', text: '{"value":1234567890123456}', inexact: false },
    { name: 'eighteen digits', text: '{"value":123456789012345678}', inexact: true },
    { name: 'seventeen significant digits', text: '{"v":0.12345678901234567}', inexact: true },
    { name: 'digits inside a string', text: '{"a":"1.50","b":1}', inexact: false },
    { name: 'escaped quote before digits', text: '{"a":"x\\"1.50","b":1}', inexact: false },
    { name: 'escaped backslash ends string', text: '{"a":"x\\\\","b":1.50}', inexact: true },
    { name: 'many escapes', text: '{"a":"\\\\\\"\\n\\u0041 1.50","b":2.5}', inexact: false },
    { name: 'unterminated string', text: '{"a":"x 1.50', inexact: true },
    { name: 'backslash before a newline', text: '{"a":"x\\\n 1.50"}', inexact: true },
    { name: 'backslash at the end', text: '"x 1.50\\', inexact: true },
    { name: 'minus without digit', text: '[-, -5, --5]', inexact: false },
    { name: 'sign inside a token', text: '[5-3]', inexact: true },
  ];

  for (const { name, text, inexact } of cases) {
    it(`${name} gives ${inexact}`, () => {
      expect(inexactByPattern(text)).toBe(inexact);
      expect(hasInexactNumber(text)).toBe(inexact);
    });
  }

  it('agrees with the token pattern on random texts', () => {
    const alphabet = ['"', '\\', '\n', '0', '1', '5', '.', 'e', '-', '+', ' ', 'a', ',', '\u2028'];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };

    for (let round = 0; round < 20_000; round += 1) {
      const length = Math.floor(next() * 24);
      let text = '';
      for (let index = 0; index < length; index += 1) {
        text += alphabet[Math.floor(next() * alphabet.length)];
      }
      expect(hasInexactNumber(text), JSON.stringify(text)).toBe(inexactByPattern(text));
    }
  });
});

describe('parseFhirText', () => {
  it('keeps the digits of an inexact decimal', () => {
    const parsed = parseFhirText('{"value":1.50,"text":"2.0"}');

    expect(parsed.exact).toBe(true);
    expect(stringifyFhirText(parsed.value, parsed.exact)).toBe('{"value":1.50,"text":"2.0"}');
  });

  it('uses JSON.parse when every number is exact', () => {
    const parsed = parseFhirText('{"value":1.5,"text":"2.0"}');

    expect(parsed.exact).toBe(false);
    expect(stringifyFhirText(parsed.value, parsed.exact)).toBe('{"value":1.5,"text":"2.0"}');
  });
});
