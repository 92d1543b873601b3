import type { AuditRecord } from './audit-record.js';
import { decodeAuditRecord } from './decode-audit-record.js';

/** Parses one line of a JSON Lines log into a record, or undefined when it is not one. */
export function parseRecordLine(text: string): AuditRecord | undefined {
  try {
    return decodeAuditRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}
