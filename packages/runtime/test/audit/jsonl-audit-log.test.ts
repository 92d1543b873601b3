import { spawnSync } from 'node:child_process';
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuditEntryError,
  AuditLogError,
  hashAuditRecord,
  JsonlAuditLog,
  type AuditRecord,
} from '../../src/index.js';
import { rejected, useTemporaryFolder } from '../keyring-fixture.js';
import { makeEntry, makeKeyring, steppingClock } from './audit-fixture.js';

const temporaryFolder = useTemporaryFolder();
const keyring = makeKeyring();

/** Writes a log of `count` records with a checkpoint every 10 records. */
async function writeLog(count: number): Promise<JsonlAuditLog> {
  const path = join(await temporaryFolder(), 'audit.jsonl');
  const now = steppingClock();
  const log = await JsonlAuditLog.open(path, { keyring, checkpointEvery: 10, now });
  for (let index = 0; index < count; index += 1) {
    await log.append(makeEntry({ recordIds: [`patient-${index}`] }));
  }
  return log;
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').slice(0, -1);
}

async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, lines.map((line) => `${line}\n`).join(''));
}

/** Edits the records file line by line, as someone with write access to it could. */
async function editLines(log: JsonlAuditLog, edit: (lines: string[]) => string[]): Promise<void> {
  await writeLines(log.path, edit(await readLines(log.path)));
}

function parse(line: string | undefined): AuditRecord {
  return JSON.parse(line ?? '') as AuditRecord;
}

/** Formats a record whose hash is recomputed after a change, with keys in canonical order. */
function forge(record: AuditRecord, changes: Partial<AuditRecord>): string {
  const { hash, ...changed } = { ...record, ...changes };
  const rehashed: Record<string, unknown> = { ...changed, hash: hashAuditRecord(changed) };
  const keys = Object.keys(rehashed).sort();
  const sorted = Object.fromEntries(keys.map((key) => [key, rehashed[key]]));
  return JSON.stringify(sorted);
}

/** Replaces line `index` (from 0) with the result of `change`. */
function replaceLine(lines: string[], index: number, change: (line: string) => string): string[] {
  return lines.map((line, position) => (position === index ? change(line) : line));
}

/** Rewrites the lines from sequence `from` on with valid hashes and links. */
function rewriteFrom(lines: string[], from: number): string[] {
  let previousHash = parse(lines[from - 2]).hash;
  return lines.map((line, index) => {
    if (index < from - 1) {
      return line;
    }
    const record = parse(line);
    const changes = index === from - 1 ? { previousHash, role: 'admin' } : { previousHash };
    const forged = forge(record, changes);
    previousHash = parse(forged).hash;
    return forged;
  });
}

interface TamperCase {
  readonly name: string;
  readonly tamper: (log: JsonlAuditLog) => Promise<void>;
  readonly sequence: number;
  readonly problem: string;
}

const tamperCases: readonly TamperCase[] = [
  {
    name: 'changed role',
    tamper: (log) =>
      editLines(log, (lines) =>
        replaceLine(lines, 6, (line) => line.replace('"nurse"', '"doctor"')),
      ),
    sequence: 7,
    problem: 'modified',
  },
  {
    name: 'changed and rehashed record',
    tamper: (log) =>
      editLines(log, (lines) =>
        replaceLine(lines, 6, (line) => forge(parse(line), { role: 'admin' })),
      ),
    sequence: 7,
    problem: 'modified',
  },
  {
    name: 'chain rewritten before a checkpoint',
    tamper: (log) => editLines(log, (lines) => rewriteFrom(lines, 5)),
    sequence: 10,
    problem: 'modified',
  },
  {
    name: 'line that is not a record',
    tamper: (log) => editLines(log, (lines) => replaceLine(lines, 11, () => 'not json')),
    sequence: 12,
    problem: 'modified',
  },
  {
    name: 'deleted line',
    tamper: (log) => editLines(log, (lines) => lines.filter((_, index) => index !== 8)),
    sequence: 9,
    problem: 'deleted',
  },
  {
    name: 'deleted first lines',
    tamper: (log) => editLines(log, (lines) => lines.slice(3)),
    sequence: 1,
    problem: 'deleted',
  },
  {
    name: 'lines deleted up to a checkpoint without pruning',
    tamper: (log) => editLines(log, (lines) => lines.slice(10)),
    sequence: 10,
    problem: 'deleted',
  },
  {
    name: 'forged line inserted',
    tamper: (log) =>
      editLines(log, (lines) => [
        ...lines.slice(0, 4),
        forge(parse(lines[4]), { id: 'forged', userId: 'intruder' }),
        ...lines.slice(4),
      ]),
    sequence: 5,
    problem: 'inserted',
  },
  {
    name: 'line repeated',
    tamper: (log) =>
      editLines(log, (lines) => [...lines.slice(0, 4), lines[3] ?? '', ...lines.slice(4)]),
    sequence: 4,
    problem: 'inserted',
  },
  {
    name: 'two lines swapped',
    tamper: (log) =>
      editLines(log, (lines) => [
        ...lines.slice(0, 5),
        lines[6] ?? '',
        lines[5] ?? '',
        ...lines.slice(7),
      ]),
    sequence: 6,
    problem: 'reordered',
  },
  {
    name: 'line moved to the end',
    tamper: (log) =>
      editLines(log, (lines) => [...lines.slice(0, 4), ...lines.slice(5), lines[4] ?? '']),
    sequence: 5,
    problem: 'reordered',
  },
  {
    name: 'log cut before the last checkpoint',
    tamper: (log) => editLines(log, (lines) => lines.slice(0, 15)),
    sequence: 16,
    problem: 'truncated',
  },
  {
    name: 'log cut and written again past the last checkpoint',
    tamper: async (log) => {
      await editLines(log, (lines) => lines.slice(0, 15));
      const reopened = await JsonlAuditLog.open(log.path, { keyring, checkpointEvery: 10 });
      for (let index = 0; index < 10; index += 1) {
        await reopened.append(makeEntry({ userId: 'intruder' }));
      }
    },
    sequence: 20,
    problem: 'truncated',
  },
  {
    name: 'incomplete last line',
    tamper: (log) => appendFile(log.path, '{"action":"read","alert":fal'),
    sequence: 26,
    problem: 'modified',
  },
  {
    name: 'forged checkpoint signature',
    tamper: async (log) => {
      const lines = await readLines(log.checkpointsPath);
      const second = JSON.parse(lines[1] ?? '') as Record<string, unknown>;
      const forged = { ...second, signature: '0'.repeat(64) };
      await writeLines(log.checkpointsPath, [lines[0] ?? '', JSON.stringify(forged)]);
    },
    sequence: 20,
    problem: 'bad-checkpoint',
  },
  {
    name: 'checkpoint line that is not a checkpoint',
    tamper: (log) => appendFile(log.checkpointsPath, '{"sequence":30}\n'),
    sequence: 0,
    problem: 'bad-checkpoint',
  },
];

describe('JsonlAuditLog verification', () => {
  it('intact log verifies', async () => {
    const log = await writeLog(25);

    expect(await log.verify()).toEqual({ ok: true, records: 25, checkpoints: 2 });
  });

  it('missing log verifies as empty', async () => {
    const path = join(await temporaryFolder(), 'absent.jsonl');

    const result = await JsonlAuditLog.verifyFile(path, { keyring });

    expect(result).toEqual({ ok: true, records: 0, checkpoints: 0 });
  });

  it.each(tamperCases)('$name is found at the right record', async (tamperCase) => {
    const log = await writeLog(25);

    await tamperCase.tamper(log);
    const result = await JsonlAuditLog.verifyFile(log.path, { keyring });

    expect(result.ok).toBe(false);
    expect(result.firstBroken?.problem).toBe(tamperCase.problem);
    expect(result.firstBroken?.sequence).toBe(tamperCase.sequence);
  });

  it('unreadable line is named in the message', async () => {
    const log = await writeLog(5);
    await editLines(log, (lines) => lines.map((line, index) => (index === 2 ? 'not json' : line)));

    const result = await log.verify();

    expect(result.firstBroken?.message).toBe('line 3 is not a readable audit record');
  });

  it('wrong audit key fails checkpoint verification', async () => {
    const log = await writeLog(25);

    const result = await JsonlAuditLog.verifyFile(log.path, { keyring: makeKeyring() });

    expect(result.firstBroken).toMatchObject({ sequence: 10, problem: 'bad-checkpoint' });
  });
});

describe('JsonlAuditLog storage', () => {
  it('log verifies after close and reopen', async () => {
    const first = await writeLog(12);
    await first.close();

    const second = await JsonlAuditLog.open(first.path, { keyring, checkpointEvery: 10 });
    const next = await second.append(makeEntry());

    expect(next.sequence).toBe(13);
    expect(await second.verify()).toEqual({ ok: true, records: 13, checkpoints: 1 });
  });

  it('each line is the canonical encoding of its record', async () => {
    const log = await writeLog(1);
    const [line] = await readLines(log.path);
    const record = parse(line);

    expect(Object.keys(JSON.parse(line ?? '') as object)).toEqual(Object.keys(record).sort());
    expect(record.previousHash).toBe('0'.repeat(64));
  });

  it('records read back as they were appended', async () => {
    const log = await writeLog(0);
    const appended = [
      await log.append(makeEntry()),
      await log.append(makeEntry({ changedFields: ['phone'] })),
    ];
    const read: AuditRecord[] = [];
    for await (const record of log.records()) read.push(record);

    expect(read).toEqual(appended);
  });

  it.runIf(process.platform !== 'win32')('files are readable by their owner only', async () => {
    const log = await writeLog(10);

    expect((await stat(log.path)).mode & 0o777).toBe(0o600);
    expect((await stat(log.checkpointsPath)).mode & 0o777).toBe(0o600);
  });

  it('incomplete last line stops the log from opening', async () => {
    const log = await writeLog(3);
    await appendFile(log.path, '{"action":"read"');

    const error = await rejected(() => JsonlAuditLog.open(log.path, { keyring }));

    expect(error).toBeInstanceOf(AuditLogError);
    expect(error).toMatchObject({ code: 'audit.torn-record', source: log.path });
  });

  it('incomplete last line stops a writer that has the log open', async () => {
    const log = await writeLog(3);
    await appendFile(log.path, '{"action":"read"');

    const error = await rejected(() => log.append(makeEntry()));

    expect(error).toMatchObject({ code: 'audit.torn-record' });
    expect(await readLines(log.path)).toHaveLength(3);
  });

  it('incomplete checkpoint line stops the log from opening', async () => {
    const log = await writeLog(10);
    await appendFile(log.checkpointsPath, '{"hash":');

    const error = await rejected(() => JsonlAuditLog.open(log.path, { keyring }));

    expect(error).toMatchObject({ code: 'audit.torn-record', source: log.checkpointsPath });
  });

  it('closed log rejects appends', async () => {
    const log = await writeLog(1);
    await log.close();

    expect(await rejected(() => log.append(makeEntry()))).toMatchObject({ code: 'audit.closed' });
  });

  it('entry with a field value is rejected', async () => {
    const log = await writeLog(0);

    const error = await rejected(() => log.append({ ...makeEntry(), value: 'Jane Roe' } as never));

    expect(error).toBeInstanceOf(AuditEntryError);
    expect((error as Error).message).not.toContain('Jane Roe');
  });
});

describe('JsonlAuditLog lock file', () => {
  it('no lock file is left after appends', async () => {
    const log = await writeLog(3);

    expect(await readdir(join(log.path, '..'))).toEqual(['audit.jsonl']);
  });

  it('lock of a crashed writer on this host is removed', async () => {
    const log = await writeLog(1);
    const exited = spawnSync(process.execPath, ['-e', '']);
    await writeFile(log.lockPath, `${exited.pid} ${hostname()} 2026-01-01T00:00:00.000Z\n`);

    const record = await log.append(makeEntry());

    expect(record.sequence).toBe(2);
    expect(await readdir(join(log.path, '..'))).not.toContain('audit.jsonl.lock');
  });

  it('lock of a running writer makes appends wait, then time out', async () => {
    const path = join(await temporaryFolder(), 'audit.jsonl');
    const log = await JsonlAuditLog.open(path, { keyring, lockTimeoutMs: 100 });
    await writeFile(log.lockPath, `${process.pid} ${hostname()} 2026-01-01T00:00:00.000Z\n`);

    const error = await rejected(() => log.append(makeEntry()));

    expect(error).toMatchObject({ code: 'audit.lock-timeout', source: path });
    expect((error as Error).message).toContain(log.lockPath);
  });

  it('lock from another host is not removed', async () => {
    const path = join(await temporaryFolder(), 'audit.jsonl');
    const log = await JsonlAuditLog.open(path, { keyring, lockTimeoutMs: 100 });
    await writeFile(log.lockPath, `1 some-other-host 2026-01-01T00:00:00.000Z\n`);

    const error = await rejected(() => log.append(makeEntry()));

    expect(error).toMatchObject({ code: 'audit.lock-timeout' });
    expect(await readFile(log.lockPath, 'utf8')).toContain('some-other-host');
  });
});
