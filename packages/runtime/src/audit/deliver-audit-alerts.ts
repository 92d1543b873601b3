import { AuditAlertError } from './audit-alert-error.js';
import type { AuditRecord } from './audit-record.js';
import type { AuditAlertHook } from './audit-sink.js';

/**
 * Calls the alert hook for each committed record whose `alert` is set. Every record gets its
 * call even when an earlier one throws; the first failure is then raised as AuditAlertError.
 */
export function deliverAuditAlerts(
  hook: AuditAlertHook | undefined,
  records: readonly AuditRecord[],
): void {
  if (hook === undefined) {
    return;
  }

  let failure: AuditAlertError | undefined;
  for (const record of records) {
    if (!record.alert) {
      continue;
    }
    try {
      hook(record);
    } catch (error) {
      failure ??= new AuditAlertError(record.sequence, error);
    }
  }
  if (failure !== undefined) {
    throw failure;
  }
}
