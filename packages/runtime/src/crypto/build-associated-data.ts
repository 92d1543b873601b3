import { envelopeLayout } from './envelope-layout.js';
import type { FieldContext } from './field-context.js';

const lengthPrefixSize = 4;
const formatLabel = `hspec:${envelopeLayout.version}`;

/**
 * Builds the AES-GCM additional authenticated data (AAD) for one field of one row.
 *
 * The AAD binds the format version, the key id, the table, the column and the primary key.
 * Without the row, anyone who can write to the database could copy one patient's encrypted
 * SSN or diagnosis into another patient's row, or swap two columns, and the copy would decrypt
 * as if it belonged there. Binding the key id means that editing the id in an envelope fails
 * even if two keys hold the same bytes. Binding the version stops a future format from reading
 * a v1 ciphertext under other rules.
 *
 * Each part is written as a 4-byte big-endian UTF-8 byte length followed by its bytes, so no
 * two different contexts encode to the same AAD (`("ab", "c")` and `("a", "bc")` differ).
 */
export function buildAssociatedData(keyId: string, context: FieldContext): Buffer {
  const parts = [formatLabel, keyId, context.table, context.column, context.primaryKey];
  let size = 0;
  for (const part of parts) {
    size += lengthPrefixSize + Buffer.byteLength(part, 'utf8');
  }

  const associatedData = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    const written = associatedData.write(part, offset + lengthPrefixSize, 'utf8');
    associatedData.writeUInt32BE(written, offset);
    offset += lengthPrefixSize + written;
  }
  return associatedData;
}
