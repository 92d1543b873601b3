import type { Keyring } from '../keys/keyring.js';
import { linkAuditRecord, linkUnreadableRecord } from './audit-chain-link.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';
import type { AuditVerification } from './audit-verification.js';
import { checkpointFilePath, readCheckpointFile } from './jsonl-checkpoint-file.js';
import { parseRecordLine } from './parse-record-line.js';
import { readJsonlLines } from './read-jsonl-lines.js';

/**
 * Verifies a JSON Lines audit log and its checkpoint sidecar, streaming the records in file
 * order. An unreadable or incomplete line breaks the chain at its position.
 *
 * NOTE: it takes no lock, so that a reader without write access can verify. A verification
 * that runs while another process appends can, rarely, see that append half written and
 * report an incomplete last line. Run the verification again to rule that out.
 */
export async function verifyJsonlFile(path: string, keyring: Keyring): Promise<AuditVerification> {
  const sidecarPath = checkpointFilePath(path);
  const sidecar = await readCheckpointFile(sidecarPath);
  if (sidecar.unreadable !== undefined) {
    const { line, complete } = sidecar.unreadable;
    const what = complete ? 'is not a readable checkpoint' : 'is incomplete: a write was cut off';
    const message = `${sidecarPath} line ${line} ${what}`;
    return {
      ok: false,
      records: 0,
      checkpoints: sidecar.checkpoints.length,
      // The checkpoint's own sequence number cannot be read, so the break is put before record #1.
      firstBroken: { sequence: 0, problem: 'bad-checkpoint', message },
    };
  }

  const verifier = new AuditChainVerifier(sidecar.checkpoints, keyring, {
    sortedBySequence: false,
  });
  for await (const line of readJsonlLines(path)) {
    const location = line.complete ? `line ${line.number}` : `line ${line.number} (incomplete)`;
    const record = line.complete ? parseRecordLine(line.text) : undefined;
    const link =
      record === undefined
        ? linkUnreadableRecord(parseLoosely(line.text), location)
        : linkAuditRecord(record, location);
    if (!verifier.push(link)) {
      break;
    }
  }
  return verifier.finish();
}

/** Parses an unreadable line as far as possible, to learn which sequence it claims. */
function parseLoosely(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
