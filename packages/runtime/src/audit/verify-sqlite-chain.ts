import {
  linkAuditRecord,
  linkUnreadableRecord,
  pruneAnchorOf,
  type AuditChainLink,
} from './audit-chain-link.js';
import type { AuditChainVerifier } from './audit-chain-verifier.js';
import type { AuditDatabase, AuditStatement } from './audit-database.js';
import type { AuditRecord } from './audit-record.js';
import { sha256Hex } from './canonical-encoding.js';
import { decodeAuditRecord } from './decode-audit-record.js';
import { auditLogTable, rowToStoredRecord } from './sqlite-audit-schema.js';

const pageSize = 1000;

// SQLite builds each record's canonical encoding itself, so that a row crosses into JavaScript
// as one string: better-sqlite3 takes longer to hand over 20 separate values than SQLite takes
// to format them. `json_quote` escapes strings as `JSON.stringify` does. Columns whose values
// the writer generates or checks against a pattern without quotes, backslashes or control
// characters (id, recorded_at, event, action, outcome, previous_hash) skip it.
//
// Each string is laid out as previous hash (64 characters), sequence (20 digits, zero-padded),
// canonical encoding, stored hash (64 characters), so that nothing needs to be searched for.
//
// A row is accepted on this path only when SHA-256 of the canonical part equals its stored
// hash. That part then equals the bytes the writer hashed, and because every key appears in
// those bytes exactly once and never inside a value, each column contains the value it was
// written with. The previous hash and sequence in front are the same columns again. Any other row (a
// changed value, a string that SQLite escapes differently, a non-boolean in a boolean column,
// a hash column of another length) fails that check, and the rest of its page is read again
// column by column and checked in JavaScript, which decides whether it was modified.
const canonicalFormat =
  '%s%020d{"action":"%s","alert":%s,"changedFields":%s,"detail":%s,"emergency":%s,' +
  '"event":"%s","fields":%s,"id":"%s","model":%s,"outcome":"%s","previousHash":"%s",' +
  '"purposeOfUse":%s,"reason":%s,"recordIds":%s,"recordedAt":"%s","requestId":%s,"role":%s,' +
  '"sequence":%d,"userId":%s}%s';

const canonicalArguments = [
  'previous_hash',
  'sequence',
  'action',
  booleanSql('alert'),
  "COALESCE(changed_fields, 'null')",
  'json_quote(detail)',
  booleanSql('emergency'),
  'event',
  'fields',
  'id',
  'json_quote(model)',
  'outcome',
  'previous_hash',
  'json_quote(purpose_of_use)',
  'json_quote(reason)',
  'record_ids',
  'recorded_at',
  'json_quote(request_id)',
  'json_quote(role)',
  'sequence',
  'json_quote(user_id)',
  'hash',
];

const fastPageSql =
  `SELECT printf('${canonicalFormat}', ${canonicalArguments.join(', ')}) ` +
  `FROM ${auditLogTable} WHERE sequence > ? ORDER BY sequence LIMIT ?`;

const slowPageSql =
  `SELECT * FROM ${auditLogTable} WHERE sequence > ? ORDER BY sequence LIMIT ?`;

const hashLength = 64;
const sequenceLength = 20;
const canonicalStart = hashLength + sequenceLength;
const prunePrefix = '{"action":"audit-prune"';
const openingBrace = 0x7b;
/** Offset of the first letter of the action: after `{"action":"`. */
const actionStart = canonicalStart + 11;
const letterA = 0x61;

/**
 * Feeds every record of a SQLite audit log to a verifier, in sequence order, a page at a time,
 * until the verifier has its result. Records that continue the chain go through
 * `AuditChainVerifier.advance` without a link object. Run it inside one read transaction for a
 * consistent snapshot.
 */
export function verifySqliteChain(db: AuditDatabase, verifier: AuditChainVerifier): void {
  const fastPage = db.prepare(fastPageSql).pluck();
  const slowPage = db.prepare(slowPageSql).raw();
  let after = 0;

  for (;;) {
    const lines = fastPage.all(after, pageSize) as unknown[];
    if (lines.length === 0) {
      return;
    }
    const read = verifyFastPage(lines, verifier);
    if (read.done) {
      return;
    }
    after = read.lastSequence ?? after;
    if (read.verified < lines.length) {
      // The rest of this page needs the column-by-column check.
      const slow = verifySlowPage(slowPage, after, lines.length - read.verified, verifier);
      if (slow.done) {
        return;
      }
      after = slow.lastSequence ?? after;
    }
  }
}

interface PageProgress {
  /** How many rows of the page were verified. */
  readonly verified: number;
  readonly lastSequence: number | undefined;
  /** True once the verifier has its result. */
  readonly done: boolean;
}

/** Verifies rows until one fails its hash check on this path; the caller checks the rest. */
function verifyFastPage(lines: readonly unknown[], verifier: AuditChainVerifier): PageProgress {
  let lastSequence: number | undefined;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const hash = typeof line === 'string' ? verifiedHash(line) : undefined;
    if (hash === undefined) {
      return { verified: index, lastSequence, done: false };
    }

    const text = line as string;
    const sequence = sequenceOf(text);
    // Comparing a slice is several times faster in V8 than startsWith with a sliced string.
    const continues =
      sequence === verifier.nextSequence &&
      text.slice(0, hashLength) === verifier.nextPreviousHash &&
      !isPruneLine(text);
    const more = continues
      ? verifier.advance(hash)
      : verifier.push(linkVerifiedLine(text, hash));
    lastSequence = sequence;
    if (!more) {
      return { verified: index + 1, lastSequence, done: true };
    }
  }
  return { verified: lines.length, lastSequence, done: false };
}

/** Tells whether a line is an `audit-prune` record, checking one character first. */
function isPruneLine(line: string): boolean {
  return line.charCodeAt(actionStart) === letterA && line.startsWith(prunePrefix, canonicalStart);
}

/** Reads the zero-padded sequence from the front of a line. */
function sequenceOf(line: string): number {
  return Number(line.slice(hashLength, canonicalStart));
}

/** Returns the stored hash when the canonical part of a line hashes to it, else undefined. */
function verifiedHash(line: string): string | undefined {
  const hash = line.slice(-hashLength);
  if (line.charCodeAt(canonicalStart) !== openingBrace) {
    return undefined;
  }
  return sha256Hex(line.slice(canonicalStart, -hashLength)) === hash ? hash : undefined;
}

/** Builds the link of a line whose canonical part hashes to its stored hash. */
function linkVerifiedLine(line: string, hash: string): AuditChainLink {
  const prune = isPruneLine(line);
  const canonical = prune ? line.slice(canonicalStart, -hashLength) : '';
  return {
    sequence: sequenceOf(line),
    previousHash: line.slice(0, hashLength),
    hash,
    intact: true,
    renumberedDown: false,
    pruneAnchor: prune ? pruneAnchorOf(JSON.parse(canonical) as AuditRecord) : undefined,
    location: undefined,
  };
}

function verifySlowPage(
  statement: AuditStatement,
  after: number,
  limit: number,
  verifier: AuditChainVerifier,
): PageProgress {
  const rows = statement.all(after, limit) as unknown[][];
  let lastSequence: number | undefined;
  for (const row of rows) {
    const stored = rowToStoredRecord(row);
    const record = decodeAuditRecord(stored);
    const link = record === undefined ? linkUnreadableRecord(stored) : linkAuditRecord(record);
    // The primary key is always an integer, even in a row that is otherwise unreadable.
    lastSequence = Number(row[0]);
    if (!verifier.push(link)) {
      return { verified: rows.length, lastSequence, done: true };
    }
  }
  return { verified: rows.length, lastSequence, done: false };
}

function booleanSql(column: string): string {
  return `CASE ${column} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
}
