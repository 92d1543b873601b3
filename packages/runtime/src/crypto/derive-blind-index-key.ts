import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { FieldContextError } from '../errors/field-context-error.js';
import type { BlindIndexTarget } from './blind-index-target.js';

const derivedKeyLength = 32;
const infoLabel = 'hspec:v1:blind-index';
const lengthPrefixSize = 4;
// Node's hkdfSync rejects an info string longer than 1024 bytes.
const maximumInfoLength = 1024;

/**
 * Derives the HMAC key of one table and column from the blind-index root key with
 * HKDF-SHA256 and an empty salt. The info string is the label `hspec:v1:blind-index`, the table
 * and the column, each preceded by its 4-byte big-endian UTF-8 length. Because each column gets
 * its own key, equal values in two columns get unrelated indexes.
 */
export function deriveBlindIndexKey(rootKey: KeyObject, target: BlindIndexTarget): KeyObject {
  const info = encodeLengthPrefixed([infoLabel, target.table, target.column]);
  if (info.length > maximumInfoLength) {
    const namesLength = Buffer.byteLength(target.table) + Buffer.byteLength(target.column);
    const limit = maximumInfoLength - (info.length - namesLength);
    throw new FieldContextError({
      table: target.table,
      column: target.column,
      reason: `table and column names together exceed ${limit} bytes of UTF-8`,
    });
  }
  const derived = hkdfSync('sha256', rootKey, Buffer.alloc(0), info, derivedKeyLength);
  return createSecretKey(Buffer.from(derived));
}

function encodeLengthPrefixed(parts: readonly string[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.allocUnsafe(lengthPrefixSize);
    length.writeUInt32BE(bytes.length, 0);
    chunks.push(length, bytes);
  }
  return Buffer.concat(chunks);
}
