import type { AuditCheckpoint } from './audit-checkpoint.js';
import { readJsonlLines } from './read-jsonl-lines.js';

/** The checkpoints of a sidecar file, and the first line that could not be read, if any. */
export interface CheckpointFileContents {
  readonly checkpoints: readonly AuditCheckpoint[];
  readonly unreadable: { readonly line: number; readonly complete: boolean } | undefined;
}

const checkpointProperties = ['hash', 'keyId', 'recordedAt', 'sequence', 'signature'];

/** Returns the path of the sidecar file with the checkpoints of a JSON Lines log. */
export function checkpointFilePath(logPath: string): string {
  return `${logPath}.checkpoints.jsonl`;
}

/** Formats a checkpoint as one line of the sidecar file, keys sorted, newline included. */
export function formatCheckpointLine(checkpoint: AuditCheckpoint): string {
  const { hash, keyId, recordedAt, sequence, signature } = checkpoint;
  return `${JSON.stringify({ hash, keyId, recordedAt, sequence, signature })}\n`;
}

/** Reads every checkpoint of a sidecar file; a missing file has none. */
export async function readCheckpointFile(path: string): Promise<CheckpointFileContents> {
  const checkpoints: AuditCheckpoint[] = [];
  for await (const line of readJsonlLines(path)) {
    const checkpoint = line.complete ? parseCheckpoint(line.text) : undefined;
    if (checkpoint === undefined) {
      return { checkpoints, unreadable: { line: line.number, complete: line.complete } };
    }
    checkpoints.push(checkpoint);
  }
  return { checkpoints, unreadable: undefined };
}

function parseCheckpoint(text: string): AuditCheckpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }

  const stored = value as Record<string, unknown>;
  const keys = Object.keys(stored).sort();
  const shaped =
    keys.join(',') === checkpointProperties.join(',') &&
    Number.isSafeInteger(stored['sequence']) &&
    ['hash', 'keyId', 'recordedAt', 'signature'].every((key) => typeof stored[key] === 'string');
  return shaped ? (stored as unknown as AuditCheckpoint) : undefined;
}
