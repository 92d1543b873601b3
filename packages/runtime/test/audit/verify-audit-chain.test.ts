import { describe, expect, it } from 'vitest';
import {
  hashAuditRecord,
  signAuditCheckpoint,
  verifyAuditChain,
  type AuditCheckpoint,
  type AuditRecord,
} from '../../src/index.js';
import { makeEntry, makeKeyring } from './audit-fixture.js';

const keyring = makeKeyring();

/** Builds records `first` to `last`, linked from `previousHash`. */
function buildChain(first: number, last: number, previousHash = '0'.repeat(64)): AuditRecord[] {
  const records: AuditRecord[] = [];
  let previous = previousHash;
  for (let sequence = first; sequence <= last; sequence += 1) {
    const unhashed = {
      ...makeEntry({ recordIds: [`p${sequence}`] }),
      sequence,
      id: `id-${sequence}`,
      recordedAt: '2026-01-01T00:00:00.000Z',
      previousHash: previous,
    };
    const record = { ...unhashed, hash: hashAuditRecord(unhashed) };
    records.push(record);
    previous = record.hash;
  }
  return records;
}

function checkpointOf(record: AuditRecord | undefined): AuditCheckpoint {
  if (record === undefined) {
    throw new Error('no record to checkpoint');
  }
  return signAuditCheckpoint(record, '2026-01-01T00:00:00.000Z', keyring);
}

const chain = buildChain(1, 12);
const checkpoints = [checkpointOf(chain[4]), checkpointOf(chain[9])];

interface ChainCase {
  readonly name: string;
  readonly records: readonly AuditRecord[];
  readonly checkpoints?: readonly AuditCheckpoint[];
  readonly sequence: number;
  readonly problem: string;
}

const brokenCases: readonly ChainCase[] = [
  {
    name: 'changed record',
    records: chain.map((record) => (record.sequence === 3 ? { ...record, role: 'admin' } : record)),
    sequence: 3,
    problem: 'modified',
  },
  {
    name: 'missing record',
    records: chain.filter((record) => record.sequence !== 4),
    sequence: 4,
    problem: 'deleted',
  },
  {
    name: 'repeated record',
    records: [...chain.slice(0, 4), chain[3] as AuditRecord, ...chain.slice(4)],
    sequence: 4,
    problem: 'inserted',
  },
  {
    name: 'swapped records',
    records: [
      ...chain.slice(0, 2),
      chain[3] as AuditRecord,
      chain[2] as AuditRecord,
      ...chain.slice(4),
    ],
    sequence: 3,
    problem: 'reordered',
  },
  {
    name: 'record moved to the end',
    records: [...chain.slice(0, 2), ...chain.slice(3), chain[2] as AuditRecord],
    sequence: 3,
    problem: 'reordered',
  },
  {
    name: 'log ending before a checkpoint',
    records: chain.slice(0, 8),
    sequence: 9,
    problem: 'truncated',
  },
  {
    name: 'start missing without an anchor',
    records: chain.slice(2),
    sequence: 1,
    problem: 'deleted',
  },
  {
    name: 'start removed at a checkpoint without a pruning record',
    records: chain.slice(5),
    sequence: 5,
    problem: 'deleted',
  },
  { name: 'empty log with a checkpoint', records: [], sequence: 1, problem: 'truncated' },
  {
    name: 'checkpoint beyond the end with a bad signature',
    records: chain.slice(0, 8),
    checkpoints: [
      checkpoints[0] as AuditCheckpoint,
      { ...(checkpoints[1] as AuditCheckpoint), signature: '0'.repeat(64) },
    ],
    sequence: 10,
    problem: 'bad-checkpoint',
  },
  {
    name: 'checkpoint with a malformed signature',
    records: chain,
    checkpoints: [{ ...(checkpoints[0] as AuditCheckpoint), signature: 'zz' }],
    sequence: 5,
    problem: 'bad-checkpoint',
  },
];

describe('verifyAuditChain', () => {
  it('intact chain verifies', () => {
    const result = verifyAuditChain(chain, checkpoints, keyring);

    expect(result).toEqual({ ok: true, records: 12, checkpoints: 2 });
  });

  it.each(brokenCases)('$name is found at the right record', (brokenCase) => {
    const stored = brokenCase.checkpoints ?? checkpoints;
    const result = verifyAuditChain(brokenCase.records, stored, keyring);

    expect(result.ok).toBe(false);
    expect(result.firstBroken?.problem).toBe(brokenCase.problem);
    expect(result.firstBroken?.sequence).toBe(brokenCase.sequence);
  });

  it('pruned chain verifies from its anchor', () => {
    const anchor = checkpointOf(chain[4]);
    const pruneRecord = buildChain(13, 13, chain[11]?.hash)[0] as AuditRecord;
    const { hash, ...unhashed } = {
      ...pruneRecord,
      action: 'audit-prune' as const,
      recordIds: ['5'],
    };
    const records = [...chain.slice(5), { ...unhashed, hash: hashAuditRecord(unhashed) }];

    const result = verifyAuditChain(records, [anchor], keyring);

    expect(result).toEqual({ ok: true, records: 8, checkpoints: 1 });
  });

  it('later checkpoint for one record is ignored', () => {
    // A log cut back and written again gets a second checkpoint for the same sequence.
    const later = checkpointOf({ ...(chain[9] as AuditRecord), hash: 'e'.repeat(64) });

    const result = verifyAuditChain(chain, [...checkpoints, later], keyring);

    expect(result).toEqual({ ok: true, records: 12, checkpoints: 3 });
  });
});
