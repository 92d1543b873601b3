import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/**
 * Raised when retention pruning is rejected: the cut is newer than the retention allows, the
 * retention is shorter than six years, or the log does not verify. Nothing is removed.
 */
export class AuditPruneError extends HspecRuntimeError {
  declare readonly code: 'audit.prune-rejected';

  constructor(message: string) {
    super('audit.prune-rejected', message);
  }
}
