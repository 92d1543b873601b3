import * as crypto from 'node:crypto';
import type { AuditRecord } from './audit-record.js';

/** An audit record before its hash is computed: every field of `AuditRecord` except `hash`. */
export type UnhashedAuditRecord = Omit<AuditRecord, 'hash'>;

/** The fields of a checkpoint that its signature covers. */
export interface UnsignedAuditCheckpoint {
  readonly sequence: number;
  readonly hash: string;
  readonly recordedAt: string;
  readonly keyId: string;
}

/** The `previousHash` of the first record of a log that was never pruned: 64 zeros. */
export const genesisHash = '0'.repeat(64);

/** Names the checkpoint format inside the signed bytes, so a signature means nothing elsewhere. */
const checkpointFormat = 'hspec-audit-checkpoint-v1';

/**
 * Encodes an audit record, without its hash, as canonical JSON: one object with the 19 record
 * fields in sorted key order and no white space. Strings use `JSON.stringify`'s fixed escapes
 * (ECMA-262 QuoteJSONString), `sequence` is a decimal integer, booleans are `true`/`false`,
 * arrays keep their order, and null is written out. `previousHash` is included, which is what
 * chains each record to the one before it.
 *
 * @example
 * ```ts
 * encodeAuditRecord(record); // '{"action":"read","alert":false,"changedFields":null,...}'
 * ```
 */
export function encodeAuditRecord(record: UnhashedAuditRecord): string {
  return encodeFields(record, undefined);
}

/** Encodes a whole record, hash included, in the same canonical form: one JSON Lines line. */
export function encodeAuditRecordLine(record: AuditRecord): string {
  return encodeFields(record, record.hash);
}

/** Returns the hex SHA-256 of the UTF-8 bytes of `encodeAuditRecord(record)`. */
export function hashAuditRecord(record: UnhashedAuditRecord): string {
  return sha256Hex(encodeAuditRecord(record));
}

/** Encodes the signed fields of a checkpoint as canonical JSON, with the format name first. */
export function encodeAuditCheckpoint(checkpoint: UnsignedAuditCheckpoint): string {
  return (
    `{"format":${JSON.stringify(checkpointFormat)}` +
    `,"hash":${JSON.stringify(checkpoint.hash)}` +
    `,"keyId":${JSON.stringify(checkpoint.keyId)}` +
    `,"recordedAt":${JSON.stringify(checkpoint.recordedAt)}` +
    `,"sequence":${String(checkpoint.sequence)}}`
  );
}

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

// `crypto.hash` (Node 20.12 and later) hashes a short input in one call without building a Hash
// object, which makes it faster than `createHash` on records of a few hundred bytes. Older Node
// versions fall back to `createHash`.
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

/** Returns the hex SHA-256 of a string's UTF-8 bytes, or of a buffer. */
export function sha256Hex(data: string | Buffer): string {
  if (oneShotHash !== undefined) {
    return oneShotHash('sha256', data, 'hex');
  }
  return crypto.createHash('sha256').update(data).digest('hex');
}

function encodeFields(record: UnhashedAuditRecord, hash: string | undefined): string {
  const hashMember = hash === undefined ? '' : `,"hash":${JSON.stringify(hash)}`;
  return (
    `{"action":${JSON.stringify(record.action)}` +
    `,"alert":${encodeBoolean(record.alert)}` +
    `,"changedFields":${encodeNullableNames(record.changedFields)}` +
    `,"detail":${encodeNullableText(record.detail)}` +
    `,"emergency":${encodeBoolean(record.emergency)}` +
    `,"event":${JSON.stringify(record.event)}` +
    `,"fields":${encodeNames(record.fields)}` +
    hashMember +
    `,"id":${JSON.stringify(record.id)}` +
    `,"model":${encodeNullableText(record.model)}` +
    `,"outcome":${JSON.stringify(record.outcome)}` +
    `,"previousHash":${JSON.stringify(record.previousHash)}` +
    `,"purposeOfUse":${encodeNullableText(record.purposeOfUse)}` +
    `,"reason":${encodeNullableText(record.reason)}` +
    `,"recordIds":${encodeNames(record.recordIds)}` +
    `,"recordedAt":${JSON.stringify(record.recordedAt)}` +
    `,"requestId":${encodeNullableText(record.requestId)}` +
    `,"role":${encodeNullableText(record.role)}` +
    `,"sequence":${String(record.sequence)}` +
    `,"userId":${encodeNullableText(record.userId)}}`
  );
}

function encodeBoolean(value: boolean): string {
  return value ? 'true' : 'false';
}

function encodeNullableText(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

// JSON.stringify of an array of strings has no white space and quotes each string as above.
function encodeNames(values: readonly string[]): string {
  return JSON.stringify(values);
}

function encodeNullableNames(values: readonly string[] | null): string {
  return values === null ? 'null' : JSON.stringify(values);
}
