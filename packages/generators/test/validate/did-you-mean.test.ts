import { describe, expect, test } from 'vitest';

import { closestMatch, editDistance, suggest } from '../../src/validate/did-you-mean.js';

describe('edit distance', () => {
  test.each([
    ['table', 'table', 0],
    ['tabel', 'table', 1],
    ['raed', 'read', 1],
    ['strin', 'string', 1],
    ['Persn', 'Person', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s to %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('suggestions', () => {
  test.each([
    ['tabel', ['description', 'table', 'fields'], 'table'],
    ['TRAET', ['TREAT', 'ETREAT', 'HPAYMT'], 'TREAT'],
    ['treat', ['TREAT', 'ETREAT'], 'TREAT'],
    ['zzz', ['read', 'create'], undefined],
  ])('%s suggests %s', (name, candidates, expected) => {
    expect(closestMatch(name, candidates)).toBe(expected);
  });

  test('lists the valid names when none is close', () => {
    expect(suggest('unknown scope "x"', 'x', ['self', 'all'])).toBe('unknown scope "x"; expected one of "self", "all"');
  });
});
