import { describe, expect, it } from 'vitest';

import { BundleJsonScanner, type BundleScanEvent } from '../../src/deid/bundle-json-scanner.js';

const bundle = [
  '{"resourceType" : "Bundle",',
  ' "id":"b\\"1}", "total": 2,',
  ' "entry": [',
  '  {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","name":[{"text":"a ] } \\\\ \\u00e9 [ {"}]}},',
  '  {"resource":{"resourceType":"Observation","valueQuantity":{"value":1.50e0}}}',
  ' ],',
  ' "type":"collection", "meta": {"tag": [ ]}',
  '}',
].join('\n');

function scan(chunks: readonly string[]): BundleScanEvent[] {
  const scanner = new BundleJsonScanner();
  const events = chunks.flatMap((chunk) => scanner.push(chunk));
  scanner.end();
  return events;
}

describe('BundleJsonScanner', () => {
  const whole = scan([bundle]);

  it('splits the members and the entries', () => {
    expect(whole.map((event) => event.kind)).toEqual([
      'member',
      'member',
      'member',
      'entries-start',
      'entry',
      'entry',
      'entries-end',
      'member',
      'member',
    ]);
    const members = whole.filter((event) => event.kind === 'member');
    expect(members.map((event) => [event.name, JSON.parse(event.text)])).toEqual([
      ['resourceType', 'Bundle'],
      ['id', 'b"1}'],
      ['total', 2],
      ['type', 'collection'],
      ['meta', { tag: [] }],
    ]);
  });

  it('gives each entry its text, index and line', () => {
    const entries = whole.filter((event) => event.kind === 'entry');
    expect(entries.map((event) => [event.index, event.line])).toEqual([
      [0, 4],
      [1, 5],
    ]);
    expect(JSON.parse(entries[0]!.text)).toEqual({
      fullUrl: 'urn:uuid:1',
      resource: { resourceType: 'Patient', name: [{ text: 'a ] } \\ é [ {' }] },
    });
  });

  it('gives the same events for a split at every offset', () => {
    for (let offset = 0; offset <= bundle.length; offset += 1) {
      expect(scan([bundle.slice(0, offset), bundle.slice(offset)])).toEqual(whole);
    }
  });

  it('gives the same events for one character per chunk', () => {
    expect(scan([...bundle])).toEqual(whole);
  });

  it('reads an empty entry array and an empty Bundle', () => {
    expect(scan(['{"resourceType":"Bundle","entry":[]}']).map((event) => event.kind)).toEqual([
      'member',
      'entries-start',
      'entries-end',
    ]);
    expect(scan(['{}'])).toEqual([]);
  });

  it.each([
    ['[1]', 1, 'a Bundle must be one JSON object'],
    ['{"a":1', 1, 'the Bundle JSON ends before its closing brace'],
    ['{"entry":[{},]}', 1, 'expected an entry after ","'],
    ['{\n"a" 1}', 2, 'expected ":" after a member name'],
    ['{"a":1}\n{"b":2}', 2, 'unexpected content after the Bundle'],
    ['{"a":1,}', 1, 'expected a member name in double quotes'],
  ])('rejects %j at line %i', (text, line, reason) => {
    expect(() => scan([text])).toThrow(
      expect.objectContaining({ code: 'deid.invalid-input', line, reason }),
    );
  });
});
