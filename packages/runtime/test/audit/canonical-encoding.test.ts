import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodeAuditCheckpoint,
  encodeAuditRecord,
  hashAuditRecord,
  signAuditCheckpoint,
  type UnhashedAuditRecord,
} from '../../src/index.js';
import { makeKeyring } from './audit-fixture.js';

// These tests pin the canonical encoding that docs/audit.md describes, byte for byte, so that
// a verifier written from the documentation alone computes the same hashes.

const record: UnhashedAuditRecord = {
  event: 'phi.change',
  action: 'update',
  outcome: 'success',
  userId: 'user-7',
  role: 'nurse',
  model: 'Patient',
  recordIds: ['p1', 'p2'],
  fields: ['familyName', 'phone'],
  purposeOfUse: 'TREAT',
  reason: null,
  emergency: false,
  changedFields: ['phone'],
  alert: false,
  detail: null,
  requestId: 'req-1',
  sequence: 42,
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  recordedAt: '2026-12-04T10:00:00.000Z',
  previousHash: 'a'.repeat(64),
};

const expected =
  '{"action":"update","alert":false,"changedFields":["phone"],"detail":null,' +
  '"emergency":false,"event":"phi.change","fields":["familyName","phone"],' +
  '"id":"0f8fad5b-d9cb-469f-a165-70867728950e","model":"Patient","outcome":"success",' +
  `"previousHash":"${'a'.repeat(64)}","purposeOfUse":"TREAT","reason":null,` +
  '"recordIds":["p1","p2"],"recordedAt":"2026-12-04T10:00:00.000Z","requestId":"req-1",' +
  '"role":"nurse","sequence":42,"userId":"user-7"}';

describe('canonical encoding of a record', () => {
  it('sorts keys and writes nulls, with no white space', () => {
    expect(encodeAuditRecord(record)).toBe(expected);
  });

  it('hash is SHA-256 of the UTF-8 bytes in hex', () => {
    const digest = createHash('sha256').update(Buffer.from(expected, 'utf8')).digest('hex');

    expect(hashAuditRecord(record)).toBe(digest);
  });

  it('ignores property order', () => {
    const entries = Object.entries(record).reverse();
    const reversed = Object.fromEntries(entries) as unknown as UnhashedAuditRecord;

    expect(encodeAuditRecord(reversed)).toBe(expected);
  });

  it('ignores properties outside the record', () => {
    const extended = { ...record, hash: 'b'.repeat(64), note: 'x' } as UnhashedAuditRecord;

    expect(encodeAuditRecord(extended)).toBe(expected);
  });

  const stringCases = [
    { name: 'quote and backslash', value: 'a"b\\c', encoded: '"a\\"b\\\\c"' },
    {
      name: 'control characters',
      value: '\u0001\b\t\n\f\r\u001f',
      encoded: '"\\u0001\\b\\t\\n\\f\\r\\u001f"',
    },
    { name: 'non-ASCII as is', value: 'é😀\u2028', encoded: '"é😀\u2028"' },
    { name: 'empty string', value: '', encoded: '""' },
  ];

  it.each(stringCases)('$name keep a fixed form', ({ value, encoded }) => {
    expect(encodeAuditRecord({ ...record, reason: value })).toContain(`"reason":${encoded},`);
  });

  it('previous hash is inside the hashed bytes', () => {
    const relinked = { ...record, previousHash: 'b'.repeat(64) };

    expect(hashAuditRecord(relinked)).not.toBe(hashAuditRecord(record));
  });
});

describe('canonical encoding of a checkpoint', () => {
  it('signature is HMAC-SHA256 of the encoding under the audit key', () => {
    const auditKey = Buffer.alloc(32, 7);
    const keyring = makeKeyring({ auditKey, auditKeyId: 'a20261204-1a2b3c4d' });

    const head = { sequence: 1000, hash: 'c'.repeat(64) };
    const checkpoint = signAuditCheckpoint(head, '2026-12-04T10:00:00.000Z', keyring);
    const encoding =
      `{"format":"hspec-audit-checkpoint-v1","hash":"${'c'.repeat(64)}",` +
      '"keyId":"a20261204-1a2b3c4d","recordedAt":"2026-12-04T10:00:00.000Z","sequence":1000}';
    const signature = createHmac('sha256', auditKey).update(encoding).digest('hex');

    expect(encodeAuditCheckpoint(checkpoint)).toBe(encoding);
    expect(checkpoint.signature).toBe(signature);
  });
});
