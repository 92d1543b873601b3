import type { AuditCheckpoint } from './audit-checkpoint.js';

/**
 * Chooses the checkpoint to cut at: the newest one made at or before `cut` whose records were
 * all recorded before `cut`. `firstNewerSequence` is the lowest sequence recorded at or after
 * `cut` (undefined when every record is older), and `firstSequence` the first stored record.
 * Returns undefined when no such checkpoint would remove anything.
 */
export function choosePruneAnchor(
  checkpoints: readonly AuditCheckpoint[],
  cut: string,
  firstNewerSequence: number | undefined,
  firstSequence: number | undefined,
): AuditCheckpoint | undefined {
  let anchor: AuditCheckpoint | undefined;
  for (const checkpoint of checkpoints) {
    const coversNewer =
      firstNewerSequence !== undefined && checkpoint.sequence >= firstNewerSequence;
    if (coversNewer || checkpoint.recordedAt > cut) {
      continue;
    }
    if (anchor === undefined || checkpoint.sequence > anchor.sequence) {
      anchor = checkpoint;
    }
  }

  if (anchor === undefined || firstSequence === undefined || anchor.sequence < firstSequence) {
    return undefined;
  }
  return anchor;
}
