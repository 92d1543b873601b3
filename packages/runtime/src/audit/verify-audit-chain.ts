import type { Keyring } from '../keys/keyring.js';
import { linkAuditRecord } from './audit-chain-link.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';
import type { AuditVerification } from './audit-verification.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditRecord } from './audit-record.js';

/**
 * Verifies records in the order a sink stores them, streaming, against the checkpoints stored
 * beside them: each record's hash over its canonical encoding, its link to the record before
 * it, and each checkpoint's signature under the keyring's audit key. Returns the first broken
 * record with a reason code. A log that starts after an anchor checkpoint (a pruned log)
 * verifies from that checkpoint. The sinks' own `verify` methods read their storage faster;
 * this function serves any other source of records, such as a PostgreSQL table.
 *
 * @example
 * ```ts
 * const result = verifyAuditChain(rows.map(toAuditRecord), checkpoints, keyring);
 * if (!result.ok) console.error(result.firstBroken);
 * ```
 */
export function verifyAuditChain(
  records: Iterable<AuditRecord>,
  checkpoints: readonly AuditCheckpoint[],
  keyring: Keyring,
): AuditVerification {
  const verifier = new AuditChainVerifier(checkpoints, keyring, { sortedBySequence: false });
  for (const record of records) {
    if (!verifier.push(linkAuditRecord(record))) {
      break;
    }
  }
  return verifier.finish();
}
