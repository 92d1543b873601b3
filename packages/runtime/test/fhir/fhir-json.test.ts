import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText, setDecimalText } from '../../src/fhir/decimal-text.js';
import { FhirJsonError } from '../../src/fhir/fhir-json-error.js';
import { parseFhirJson, stringifyFhirJson } from '../../src/fhir/fhir-json.js';
import { clementeKreigerBundle, fixtureText, lizConnBundle } from './fhir-fixture.js';

const decimals = [
  '1.50',
  '0.000',
  '-12.3400',
  '123456789012345678.90',
  '0.1',
  '-0',
  '-0.0',
  '1E5',
  '1e-7',
  '2.50e+3',
  '1e400',
  '9007199254740993',
  '3.141592653589793238462643383279',
  '100',
];

// JSON numbers, as the RFC 8259 grammar builds them.
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,25}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: undefined }),
  )
  .map(([negative, whole, fraction, exponent]) => {
    const sign = negative ? '-' : '';
    return `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent ?? ''}`;
  });

describe('decimals', () => {
  for (const text of decimals) {
    it(`keeps ${text} digit for digit`, () => {
      const json = `{"valueQuantity":{"value":${text},"unit":"mg"},"list":[${text},${text}]}`;
      const parsed = parseFhirJson(json) as {
        valueQuantity: { value: number };
        list: number[];
      };

      expect(parsed.valueQuantity.value).toBe(Number(text));
      expect(stringifyFhirJson(parsed)).toBe(json);
      expect(decimalText(parsed.list, 1)).toBe(String(Number(text)) === text ? undefined : text);
    });
  }

  it('keeps any JSON number digit for digit', () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const json = `{"a":[${text},{"b":${text}}]}`;
        expect(stringifyFhirJson(parseFhirJson(json))).toBe(json);
      }),
    );
  });

  it('writes recorded digits with indentation too', () => {
    const parsed = parseFhirJson('{"value": 1.50}');
    expect(stringifyFhirJson(parsed, 2)).toBe('{\n  "value": 1.50\n}');
  });

  it('keeps the number type for fhir4 typing', () => {
    const parsed = parseFhirJson('{"value":1.50}') as Record<string, unknown>;
    expect(typeof parsed['value']).toBe('number');
    expect(JSON.stringify(parsed)).toBe('{"value":1.5}');
    expect(Object.keys(parsed)).toEqual(['value']);
  });

  it('drops recorded digits once the element holds another number', () => {
    const parsed = parseFhirJson('{"value":1.50}') as Record<string, unknown>;
    parsed['value'] = 2;
    expect(decimalText(parsed, 'value')).toBeUndefined();
    expect(stringifyFhirJson(parsed)).toBe('{"value":2}');
  });

  it('forgets digits of a repeated key', () => {
    const parsed = parseFhirJson('{"value":1.50,"value":1.5}');
    expect(stringifyFhirJson(parsed)).toBe('{"value":1.5}');
  });

  it('writes digits set with setDecimalText', () => {
    const quantity: Record<string, unknown> = { unit: 'mmol/L' };
    setDecimalText(quantity, 'value', '-12.3400');
    expect(quantity['value']).toBe(-12.34);
    expect(stringifyFhirJson(quantity)).toBe('{"unit":"mmol/L","value":-12.3400}');
  });

  it('rejects text that is not a JSON number in setDecimalText', () => {
    for (const text of ['1,5', '01', '.5', '+1', '1.', 'NaN', '', ' 1']) {
      expect(() => setDecimalText({}, 'value', text)).toThrow(RangeError);
    }
  });

  it('keeps a top-level number without its text', () => {
    expect(parseFhirJson('1.50')).toBe(1.5);
  });
});

describe('parseFhirJson', () => {
  it('reads what JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseFhirJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('rejects what JSON.parse rejects', () => {
    const nearlyJson = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', '\\', '\n', 'x', '-', '.', '0', 'e'),
      )
      .map(([text, position, insert]) => {
        const at = position % (text.length + 1);
        return text.slice(0, at) + insert + text.slice(at);
      });
    fc.assert(
      fc.property(nearlyJson, (text) => {
        let expected = true;
        try {
          JSON.parse(text);
        } catch {
          expected = false;
        }
        let actual = true;
        try {
          parseFhirJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FhirJsonError);
          actual = false;
        }
        expect(actual).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the Synthea bundles as JSON.parse does', () => {
    for (const name of [lizConnBundle, clementeKreigerBundle]) {
      const text = fixtureText(name);
      expect(parseFhirJson(text)).toEqual(JSON.parse(text));
    }
  });

  // The Synthea files are indented by four spaces, the HL7 examples by two.
  const fixtures = [
    { name: lizConnBundle, indent: 4 },
    { name: clementeKreigerBundle, indent: 4 },
    { name: 'Patient-example.json', indent: 2 },
    { name: 'Observation-blood-pressure.json', indent: 2 },
    { name: 'Bundle-bundle-references.json', indent: 2 },
  ];
  for (const { name, indent } of fixtures) {
    it(`writes ${name} back byte for byte`, () => {
      const text = fixtureText(name);
      expect(stringifyFhirJson(parseFhirJson(text), indent)).toBe(text);
    });
  }

  it('makes __proto__ an own key as JSON.parse does', () => {
    const parsed = parseFhirJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reads escapes and surrogate pairs', () => {
    const text = String.raw`["\"\\\/\b\f\n\r\t", "\u00e9\uD83D\uDE00", "\ud800"]`;
    expect(parseFhirJson(text)).toEqual(JSON.parse(text));
  });

  it('reads deep nesting without overflowing the stack', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    let value = parseFhirJson(text);
    for (let level = 1; level < depth; level += 1) value = (value as unknown[])[0];
    expect(value).toEqual([]);
  });

  const errors = [
    { text: '', line: 1, column: 1, problem: 'unexpected end of text; expected a JSON value' },
    { text: '{"a":1,}', line: 1, column: 8, problem: 'expected a property name in double quotes' },
    { text: '[1,]', line: 1, column: 4, problem: 'expected a JSON value' },
    { text: '[1 2]', line: 1, column: 4, problem: "expected ',' or ']'" },
    { text: '{"a" 1}', line: 1, column: 6, problem: "expected ':'" },
    { text: '{"a":1 "b":2}', line: 1, column: 8, problem: "expected ',' or '}'" },
    { text: '{\n  "a": 01\n}', line: 2, column: 9, problem: "expected ',' or '}'" },
    { text: '{\r\n"a": -}', line: 2, column: 7, problem: "expected a digit after '-'" },
    { text: '[1.]', line: 1, column: 4, problem: "expected a digit after '.'" },
    { text: '[1e+]', line: 1, column: 5, problem: 'expected a digit in the exponent' },
    {
      text: '["a\nb"]',
      line: 1,
      column: 4,
      problem: 'control character in string; write it as an escape such as \\n',
    },
    {
      text: '["\\x"]',
      line: 1,
      column: 4,
      problem: 'invalid escape; JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX',
    },
    {
      text: '["\\u12G4"]',
      line: 1,
      column: 5,
      problem: 'expected four hexadecimal digits after \\u',
    },
    { text: '["open', line: 1, column: 7, problem: 'unexpected end of text; unterminated string' },
    { text: '[tru]', line: 1, column: 5, problem: "expected 'true'" },
    { text: '[NaN]', line: 1, column: 2, problem: 'expected a JSON value' },
    { text: "{'a':1}", line: 1, column: 2, problem: 'expected a property name in double quotes' },
    { text: '{} {}', line: 1, column: 4, problem: 'unexpected text after the JSON value' },
    { text: '\uFEFF{}', line: 1, column: 1, problem: 'expected a JSON value' },
    { text: '[1,\u00a02]', line: 1, column: 4, problem: 'expected a JSON value' },
  ];

  for (const { text, line, column, problem } of errors) {
    it(`reports ${JSON.stringify(text)} at ${line}:${column}`, () => {
      const error = catchError(() => parseFhirJson(text));
      expect(error).toBeInstanceOf(FhirJsonError);
      const jsonError = error as FhirJsonError;
      expect(jsonError.code).toBe('fhir.invalid-json');
      expect(jsonError.line).toBe(line);
      expect(jsonError.column).toBe(column);
      expect(jsonError.message).toBe(`invalid JSON at line ${line}, column ${column}: ${problem}`);
    });
  }

  it('never quotes the text in an error', () => {
    const error = catchError(() => parseFhirJson('{"ssn": 999-34-1238}'));
    expect((error as Error).message).not.toContain('999');
    expect((error as Error).message).not.toContain('ssn');
  });
});

describe('stringifyFhirJson', () => {
  it('writes what JSON.stringify writes', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 0, 2, 4, 12, '\t', '--'),
        (value, indent) => {
          expect(stringifyFhirJson(value, indent)).toBe(JSON.stringify(value, null, indent));
        },
      ),
    );
  });

  it('follows JSON.stringify for values without a JSON form', () => {
    const value = {
      date: new Date(Date.UTC(2020, 0, 2)),
      skipped: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), Number.NaN, Number.POSITIVE_INFINITY],
      boxed: [new Number(1.5), new String('a'), new Boolean(false)],
    };
    expect(stringifyFhirJson(value)).toBe(JSON.stringify(value));
  });

  it('rejects cycles, bigints and a value without a JSON form', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => stringifyFhirJson(cycle)).toThrow(TypeError);
    expect(() => stringifyFhirJson({ count: 10n })).toThrow(TypeError);
    expect(() => stringifyFhirJson(undefined)).toThrow(TypeError);
  });

  it('writes a shared object twice, as it is not a cycle', () => {
    const shared = { code: 'MR' };
    expect(stringifyFhirJson([shared, shared])).toBe('[{"code":"MR"},{"code":"MR"}]');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
