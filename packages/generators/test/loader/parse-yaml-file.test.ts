import { describe, expect, test } from 'vitest';

import { parseYamlFile } from '../../src/loader/parse-yaml-file.js';
import { locateInDocument } from '../../src/loader/source-document.js';
import { checkSchema } from '../../src/validate/check-schema.js';
import { toIssueAt } from '../validate/temp-project.js';

function parse(text: string) {
  return parseYamlFile(text, 'specs/a.yaml');
}

function dataOf(text: string): unknown {
  const parsed = parse(text);
  expect(parsed.issues).toEqual([]);
  return parsed.document?.data;
}

describe('YAML 1.2 core schema', () => {
  test.each([
    ['no', 'no'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['off', 'off'],
    ['y', 'y'],
    ['true', true],
    ['false', false],
    ['~', null],
    ['1.50', 1.5],
  ])('plain %s reads as %j', (source, expected) => {
    expect(dataOf(`value: ${source}\n`)).toEqual({ value: expected });
  });

  test('02134 stays text for string fields', () => {
    const parsed = parse(
      [
        'models:',
        '  Address:',
        '    fields:',
        '      id: { type: uuid, primaryKey: true }',
        '      zone: { type: enum, values: [02134, 10001, 1.50] }',
        '',
      ].join('\n'),
    );
    const document = parsed.document;
    if (document === undefined) throw new Error('the file did not parse');

    expect(checkSchema(document, 'spec')).toEqual([]);
    const values = (document.data as { models: { Address: { fields: { zone: { values: unknown } } } } })
      .models.Address.fields.zone.values;
    expect(values).toEqual(['02134', '10001', '1.50']);
  });

  test('numbers elsewhere stay numbers', () => {
    expect(dataOf('a: "02134"\nb: 02134\n')).toEqual({ a: '02134', b: 2134 });
  });
});

describe('positions', () => {
  test('every key and value keeps its line and column', () => {
    const parsed = parse('models:\n  Patient:\n    table: patients\n');
    const document = parsed.document;
    if (document === undefined) throw new Error('the file did not parse');

    const key = locateInDocument(document, ['models', 'Patient', 'table'], 'key');
    const value = locateInDocument(document, ['models', 'Patient', 'table'], 'value');
    expect([key.line, key.column]).toEqual([3, 5]);
    expect([value.line, value.column]).toEqual([3, 12]);
    expect(value.path).toBe('models.Patient.table');
  });

  test('missing property points at its map', () => {
    const document = parse('models:\n  Patient:\n    table: patients\n').document;
    if (document === undefined) throw new Error('the file did not parse');

    const missing = locateInDocument(document, ['models', 'Patient', 'fields'], 'node');
    expect([missing.line, missing.column]).toEqual([2, 3]);
  });

  test('an empty value points at its key', () => {
    const document = parse('models:\n  Patient:\n').document;
    if (document === undefined) throw new Error('the file did not parse');

    const empty = locateInDocument(document, ['models', 'Patient'], 'value');
    expect([empty.line, empty.column]).toEqual([2, 3]);
  });
});

describe('errors', () => {
  test.each([
    {
      name: 'unclosed flow sequence',
      text: 'models:\n  Patient: [a, b\nviews: {}\n',
      want: [{ code: 'spec.yaml-syntax', at: 'specs/a.yaml:3:1' }],
    },
    {
      name: 'bad indentation',
      text: 'models:\n  Patient:\n    table: x\n   fields: {}\n',
      want: [{ code: 'spec.yaml-syntax', at: 'specs/a.yaml:4:1' }],
    },
    {
      name: 'second document',
      text: 'models: {}\n---\nroles: {}\n',
      want: [{ code: 'spec.multiple-documents', at: 'specs/a.yaml:2:1' }],
    },
    {
      name: 'unknown tag',
      text: 'models: !custom {}\n',
      want: [{ code: 'spec.yaml-syntax', at: 'specs/a.yaml:1:9' }],
    },
    {
      name: 'alias that contains itself',
      text: 'roles: &loop\n  nurse:\n    inherits: *loop\n',
      want: [{ code: 'spec.yaml-alias', at: 'specs/a.yaml:3:15' }],
    },
    {
      name: 'merge key with a scalar',
      text: 'roles:\n  nurse:\n    <<: plain\n',
      want: [{ code: 'spec.yaml-merge', at: 'specs/a.yaml:3:9' }],
    },
    {
      name: 'list as a key',
      text: '? [a, b]\n: 1\n',
      want: [{ code: 'spec.yaml-key', at: 'specs/a.yaml:1:3' }],
    },
  ])('$name', ({ text, want }) => {
    expect(parse(text).issues.map(toIssueAt)).toEqual(want);
  });

  test('syntax message has no excerpt', () => {
    const [issue] = parse('models:\n  Patient: [a, b\nviews: {}\n').issues;
    expect(issue?.message).toMatch(/^invalid YAML: /);
    expect(issue?.message).not.toContain('\n');
  });

  test('duplicate key names both places', () => {
    const parsed = parse('models:\n  Patient:\n    table: a\n    table: b\n');
    expect(parsed.issues.map(toIssueAt)).toEqual([{ code: 'spec.duplicate-key', at: 'specs/a.yaml:4:5' }]);
    expect(parsed.issues[0]?.related).toEqual({ file: 'specs/a.yaml', line: 3, column: 5 });
    expect(parsed.issues[0]?.message).toBe('duplicate key "table"');
  });

  test('duplicate key keeps the first value', () => {
    const parsed = parse('a: 1\na: 2\nb: 3\n');
    expect(parsed.document?.data).toEqual({ a: 1, b: 3 });
  });
});

describe('aliases and merge keys', () => {
  test('merge keys fill missing entries', () => {
    const text = ['base: &base { actions: [read], scope: all }', 'grant:', '  scope: self', '  <<: *base', '  model: Patient', ''];
    expect(dataOf(text.join('\n'))).toEqual({
      base: { actions: ['read'], scope: 'all' },
      grant: { scope: 'self', actions: ['read'], model: 'Patient' },
    });
  });

  test('merged keys keep merge position', () => {
    const data = dataOf('base: &base { b: 1, c: 2 }\nmap:\n  a: 0\n  <<: *base\n  d: 3\n') as {
      map: Record<string, unknown>;
    };
    expect(Object.keys(data.map)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('aliased values point at the anchor', () => {
    const document = parse('shared: &shared { scope: all }\ngrant: *shared\n').document;
    if (document === undefined) throw new Error('the file did not parse');
    const scope = locateInDocument(document, ['grant', 'scope'], 'value');
    expect([scope.line, scope.column]).toEqual([1, 26]);
  });

  test('billion laughs document is rejected quickly', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      lines.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(', ')}]`);
    }

    const started = Date.now();
    const parsed = parse(lines.join('\n'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parsed.document).toBeUndefined();
    expect(parsed.issues.map((issue) => issue.code)).toEqual(['spec.yaml-limit']);
    expect(parsed.issues[0]?.message).toContain('10000');
  });

  test('moderate alias use stays within the bound', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    expect(parse(lines.join('\n')).issues).toEqual([]);
  });
});

describe('prototype keys', () => {
  test('prototype names are plain keys', () => {
    const data = dataOf('__proto__: { polluted: true }\nconstructor: 1\nprototype: { x: 1 }\n') as Record<
      string,
      unknown
    >;

    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(Object.hasOwn(data, 'constructor')).toBe(true);
    expect(Object.getPrototypeOf(data)).toBeNull();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('merged __proto__ stays harmless', () => {
    dataOf('base: &base { __proto__: { polluted: true } }\nmap:\n  <<: *base\n');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

test('empty file is an empty document', () => {
  expect(parse('').document?.data).toBeNull();
  expect(parse('# only a comment\n').document?.data).toBeNull();
});
