import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { Pseudonymizer } from '../../src/deid/pseudonymizer.js';
import { SqliteLinkageStore } from '../../src/deid/sqlite-linkage-store.js';
import { uuidBytes, uuidText } from '../../src/deid/uuid-code-table.js';

const codePattern = /^[a-z2-7]{20}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Pseudonymizer', () => {
  it('gives one code per UUID id and namespace', () => {
    const pseudonyms = new Pseudonymizer();
    const id = randomUUID();

    const first = pseudonyms.code('Patient', id);
    expect(first).toMatch(codePattern);
    expect(pseudonyms.code('Patient', id)).toBe(first);
    expect(pseudonyms.code('Encounter', id)).not.toBe(first);
    expect(pseudonyms.uuid('fullUrl:Patient', id)).toMatch(uuidPattern);
    expect(pseudonyms.size).toBe(3);
  });

  it('keeps codes of 20,000 UUIDs apart and stable across table growth', () => {
    const pseudonyms = new Pseudonymizer();
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    const codes = ids.map((id) => pseudonyms.code('Patient', id));

    expect(new Set(codes).size).toBe(ids.length);
    expect(ids.map((id) => pseudonyms.code('Patient', id))).toEqual(codes);
    expect(pseudonyms.size).toBe(ids.length);
  });

  it('treats an upper-case UUID and other ids as their own ids', () => {
    const pseudonyms = new Pseudonymizer();
    const lower = randomUUID();
    const upper = lower.toUpperCase();

    expect(pseudonyms.code('Patient', upper)).not.toBe(pseudonyms.code('Patient', lower));
    expect(pseudonyms.code('Patient', 'example')).toBe(pseudonyms.code('Patient', 'example'));
    expect(pseudonyms.code('Patient', 'example')).toMatch(codePattern);
  });

  it('reads back the codes a linkage store kept, UUID ids or not', () => {
    const db = new Database(':memory:');
    const ids = [randomUUID(), randomUUID(), 'example', 'A1B2'];
    const first = new Pseudonymizer({ store: new SqliteLinkageStore(db) });
    const codes = ids.map((id) => [first.code('Patient', id), first.uuid('fullUrl:Patient', id)]);

    const second = new Pseudonymizer({ store: new SqliteLinkageStore(db) });
    expect(ids.map((id) => [second.code('Patient', id), second.uuid('fullUrl:Patient', id)])).toEqual(
      codes,
    );
  });

  it('keeps a stored code that is not in its own form', () => {
    const db = new Database(':memory:');
    const store = new SqliteLinkageStore(db);
    const id = randomUUID();
    store.put('Patient', id, 'code-from-another-tool');

    const pseudonyms = new Pseudonymizer({ store });
    expect(pseudonyms.code('Patient', id)).toBe('code-from-another-tool');
    expect(pseudonyms.code('Patient', id)).toBe('code-from-another-tool');
  });

  it('holds 200,000 UUID ids in under 100 bytes each', async () => {
    // Full collections before each reading, with a turn of the event loop after them in which
    // the memory of dropped typed arrays is released, so that only what is kept is counted.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const gc = async (): Promise<void> => {
      for (let round = 0; round < 3; round += 1) {
        collect();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    // Each id is a new string that nothing else keeps, as when a stream parses one line at a time.
    const idOf = (index: number): string =>
      `${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const count = 200_000;
    await gc();
    const before = process.memoryUsage();
    const pseudonyms = new Pseudonymizer();
    for (let index = 0; index < count; index += 1) pseudonyms.code('Patient', idOf(index));
    await gc();
    const after = process.memoryUsage();

    const grown =
      after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(pseudonyms.size).toBe(count);
    expect(pseudonyms.code('Patient', idOf(7))).toBe(pseudonyms.code('Patient', idOf(7)));
    expect(grown / count).toBeLessThan(100);
  });
});

describe('uuidBytes', () => {
  it('reads a lowercase UUID and writes it back', () => {
    const bytes = new Uint8Array(16);
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

    expect(uuidBytes(id, bytes)).toBe(true);
    expect(bytes[0]).toBe(0x0a);
    expect(bytes[15]).toBe(0x4d);
    expect(uuidText(bytes)).toBe(id);
  });

  it.each(['0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D', 'example', '0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d', ''])(
    'rejects %j',
    (text) => {
      expect(uuidBytes(text, new Uint8Array(16))).toBe(false);
    },
  );
});
