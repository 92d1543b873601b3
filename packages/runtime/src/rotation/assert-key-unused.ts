import { countRowsByKey } from './count-rows-by-key.js';
import { KeyInUseError, type KeyUsage } from './key-in-use-error.js';
import type { ReencryptTarget } from './reencrypt-target.js';
import type { RotationDatabase } from './rotation-database.js';

/**
 * Checks that no row of any target table contains an envelope under `keyId`, so that the key can
 * be retired without losing data. Throws KeyInUseError listing each table that still uses it
 * and how many rows, in target order.
 *
 * @example
 * ```ts
 * assertKeyUnused(db, [reencryptTargetOf(patientTable), reencryptTargetOf(visitTable)], 'k1');
 * await retireKey('.hspec/keyring.json', 'k1');
 * ```
 */
export function assertKeyUnused(
  db: RotationDatabase,
  targets: readonly ReencryptTarget[],
  keyId: string,
): void {
  const tables: KeyUsage[] = [];
  for (const target of targets) {
    const counts = countRowsByKey(db, target);
    const rows = Object.hasOwn(counts, keyId) ? (counts[keyId] ?? 0) : 0;
    if (rows > 0) {
      tables.push({ table: target.table, rows });
    }
  }
  if (tables.length > 0) {
    throw new KeyInUseError({ keyId, tables });
  }
}
