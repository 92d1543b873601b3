import { envelopeLayout } from '../crypto/envelope-layout.js';
import { isKeyId } from '../keys/is-key-id.js';
import { checkReencryptTarget } from './check-reencrypt-target.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { ReencryptTarget } from './reencrypt-target.js';
import type { RotationDatabase } from './rotation-database.js';

/**
 * Counts, for each key id, the rows of a table that contain at least one envelope under that key
 * in an encrypted column. A row whose columns name two keys counts for both, so after a full
 * re-encryption the result has the active key id only. Null values are not counted, and neither
 * is text that is not a `hspec:v1:` envelope with a valid key id, because it names no key.
 *
 * @example
 * ```ts
 * countRowsByKey(db, reencryptTargetOf(patientTable)); // { k20261204-3fa9c2d1: 2000 }
 * ```
 */
export function countRowsByKey(
  db: RotationDatabase,
  target: ReencryptTarget,
): Record<string, number> {
  checkReencryptTarget(target);
  if (target.columns.length === 0) {
    return {};
  }

  const primaryKey = quoteIdentifier(target.primaryKey.column);
  const table = quoteIdentifier(target.table);
  const start = envelopeLayout.prefix.length + 1;
  // For each column: the text between the prefix and the next ':' is the key id.
  const selects = target.columns.map((entry) => {
    const column = quoteIdentifier(entry.column);
    const rest = `substr(${column}, ${start})`;
    return (
      `SELECT ${primaryKey} AS row_key, substr(${rest}, 1, instr(${rest}, ':') - 1) AS key_id ` +
      `FROM ${table} WHERE substr(${column}, 1, ?) = ? AND instr(${rest}, ':') > 1`
    );
  });
  const sql =
    `SELECT key_id, COUNT(DISTINCT row_key) AS row_count FROM (${selects.join(' UNION ALL ')}) ` +
    'GROUP BY key_id ORDER BY key_id';
  const parameters = target.columns.flatMap(() => [
    envelopeLayout.prefix.length,
    envelopeLayout.prefix,
  ]);

  const counts: Record<string, number> = {};
  const rows = db.prepare(sql).all(...parameters) as { key_id: unknown; row_count: unknown }[];
  for (const row of rows) {
    if (typeof row.key_id === 'string' && isKeyId(row.key_id)) {
      counts[row.key_id] = Number(row.row_count);
    }
  }
  return counts;
}
