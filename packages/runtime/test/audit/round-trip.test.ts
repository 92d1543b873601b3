import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JsonlAuditLog,
  SqliteAuditLog,
  type AuditEntry,
  type AuditRecord,
} from '../../src/index.js';
import { rejected, useTemporaryFolder } from '../keyring-fixture.js';
import { makeEntry, makeKeyring, useDatabases } from './audit-fixture.js';

const temporaryFolder = useTemporaryFolder();
const openDatabase = useDatabases();
const keyring = makeKeyring();

const oddTexts: readonly { readonly name: string; readonly text: string }[] = [
  { name: 'empty', text: '' },
  { name: 'emoji and astral characters', text: '😀 𝄞 👩🏽‍⚕️' },
  { name: 'combining and right-to-left', text: 'e\u0301 שלום مرحبا' },
  { name: 'quotes and backslashes', text: `"'\\ \\" \\\\u0041` },
  { name: 'control characters', text: '\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f' },
  { name: 'line and paragraph separators', text: 'a\u2028b\u2029c\ufeff' },
  { name: 'printf directives', text: '%s %d %020d %%' },
  {
    name: 'JSON and SQL text',
    text: `{"sequence":1,"hash":"x"} '); DROP TABLE hspec_audit_log; --`,
  },
  { name: 'the word null', text: 'null' },
  { name: 'long text', text: 'é'.repeat(20_000) },
];

function entryWithText(text: string): AuditEntry {
  return makeEntry({
    userId: text,
    role: text,
    recordIds: [text, 'p1'],
    purposeOfUse: text,
    reason: text,
    detail: text,
    requestId: text,
  });
}

/** The records as appended and as read back, and whether the log verified. */
interface RoundTrip {
  readonly written: AuditRecord[];
  readonly read: AuditRecord[];
  readonly ok: boolean;
}

async function roundTripSqlite(
  entries: readonly AuditEntry[],
  now?: () => Date,
): Promise<RoundTrip> {
  const path = join(await temporaryFolder(), 'audit.db');
  const writer = new SqliteAuditLog(openDatabase(path), { keyring, checkpointEvery: 3, now });
  writer.ensureSchema();
  const written = entries.map((entry) => writer.appendSync(entry));

  const reader = new SqliteAuditLog(openDatabase(path), { keyring });
  return { written, read: [...reader.records()], ok: reader.verify().ok };
}

async function roundTripJsonl(
  entries: readonly AuditEntry[],
  now?: () => Date,
): Promise<RoundTrip> {
  const path = join(await temporaryFolder(), 'audit.jsonl');
  const writer = await JsonlAuditLog.open(path, { keyring, checkpointEvery: 3, now });
  const written: AuditRecord[] = [];
  for (const entry of entries) written.push(await writer.append(entry));
  await writer.close();

  const reader = await JsonlAuditLog.open(path, { keyring });
  const read: AuditRecord[] = [];
  for await (const record of reader.records()) read.push(record);
  return { written, read, ok: (await reader.verify()).ok };
}

const sinks = [
  { name: 'SQLite', roundTrip: roundTripSqlite },
  { name: 'JSON Lines', roundTrip: roundTripJsonl },
];

const oddClocks: readonly { readonly name: string; readonly times: readonly string[] }[] = [
  { name: 'the Unix epoch', times: ['1970-01-01T00:00:00.000Z'] },
  {
    name: 'the first and last years',
    times: ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'],
  },
  { name: 'a leap day', times: ['2024-02-29T23:59:59.999Z'] },
  {
    name: 'a clock that goes backwards',
    times: ['2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
  },
];

describe.each(sinks)('$name round trip', ({ roundTrip }) => {
  it.each(oddTexts)('$name keeps the hash valid', async ({ text }) => {
    const { written, read, ok } = await roundTrip([entryWithText(text), makeEntry()]);

    expect(ok).toBe(true);
    expect(read).toEqual(written);
  });

  it.each(oddClocks)('$name keeps the hash valid', async ({ times }) => {
    const clock = [...times, ...times, ...times].map((time) => new Date(time));
    const now = () => clock.shift() ?? new Date();
    const { written, read, ok } = await roundTrip(times.map(() => makeEntry()), now);

    expect(ok).toBe(true);
    expect(read).toEqual(written);
    expect(read.map((record) => record.recordedAt)).toEqual(times);
  });

  it('random text keeps the hash valid', async () => {
    const text = fc
      .oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' }))
      .filter((value) => !value.includes('\u0000'));

    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), async (texts) => {
        const { written, read, ok } = await roundTrip(texts.map(entryWithText));
        expect(ok).toBe(true);
        expect(read).toEqual(written);
      }),
      { numRuns: 25 },
    );
  });
});

describe('clock problems', () => {
  const invalidClocks = [
    { name: 'year 10000', time: new Date('+010000-01-01T00:00:00.000Z') },
    { name: 'a year before 0', time: new Date('-000001-01-01T00:00:00.000Z') },
    { name: 'an invalid date', time: new Date(Number.NaN) },
  ];

  it.each(invalidClocks)('$name is rejected', async ({ time }) => {
    const path = join(await temporaryFolder(), 'audit.jsonl');
    const log = await JsonlAuditLog.open(path, { keyring, now: () => time });

    const error = await rejected(() => log.append(makeEntry()));

    expect(error).toMatchObject({ code: 'audit.invalid-clock' });
  });
});
