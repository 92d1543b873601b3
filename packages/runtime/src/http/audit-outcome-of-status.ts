import type { AuditOutcome } from '../audit/audit-entry.js';

/** Maps a response status to an audit outcome: 2xx and 3xx succeed, 401 and 403 are denials. */
export function auditOutcomeOfStatus(status: number): AuditOutcome {
  if (status >= 200 && status < 400) {
    return 'success';
  }
  if (status === 401 || status === 403) {
    return 'denied';
  }
  return 'failure';
}
