import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Keyring } from '../keys/keyring.js';
import { flushFolder } from './append-durably.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { AuditPruneError } from './audit-prune-error.js';
import type { AuditPruneRequest, AuditPruneResult } from './audit-prune-request.js';
import type { AuditRecord } from './audit-record.js';
import { buildAuditRecord, type AuditChainHead } from './build-audit-record.js';
import { buildPruneEntry } from './build-prune-entry.js';
import { encodeAuditRecordLine } from './canonical-encoding.js';
import { choosePruneAnchor } from './choose-prune-anchor.js';
import {
  checkpointFilePath,
  formatCheckpointLine,
  readCheckpointFile,
} from './jsonl-checkpoint-file.js';
import { parseRecordLine } from './parse-record-line.js';
import { readJsonlLines } from './read-jsonl-lines.js';
import { verifyJsonlFile } from './verify-jsonl-file.js';

/** Options of `pruneJsonlFile`, besides the request. */
export interface PruneJsonlOptions {
  readonly keyring: Keyring;
  /** Returns the time of the `audit-prune` record. */
  readonly recordedAt: () => string;
}

const writeBatchBytes = 1 << 20;

/**
 * Cuts a JSON Lines log at a checkpoint. It verifies the log and chooses the anchor. Then it
 * rewrites the records file without the records up to the anchor, with the `audit-prune` record
 * at its end, and rewrites the sidecar without the checkpoints before the anchor. Each file is
 * written to a temporary file, flushed and renamed into place, so a crash leaves the old file
 * or the new one. The caller must hold the log's lock.
 */
export async function pruneJsonlFile(
  path: string,
  request: AuditPruneRequest,
  options: PruneJsonlOptions,
): Promise<AuditPruneResult> {
  const verification = await verifyJsonlFile(path, options.keyring);
  if (!verification.ok && verification.firstBroken !== undefined) {
    const { sequence, problem } = verification.firstBroken;
    throw new AuditPruneError(
      `${path}: the audit log is broken at record #${sequence} (${problem}); nothing was removed, so the evidence stays`,
    );
  }

  const { checkpoints } = await readCheckpointFile(checkpointFilePath(path));
  const span = await findPruneSpan(path, request.cut);
  const anchor = choosePruneAnchor(checkpoints, request.cut, span.firstNewer, span.first);
  if (anchor === undefined) {
    return { anchor: undefined, removedRecords: 0, removedCheckpoints: 0, record: undefined };
  }

  const rewritten = await rewriteRecords(path, anchor, request, options);
  const kept = checkpoints.filter((checkpoint) => checkpoint.sequence >= anchor.sequence);
  await replaceFile(checkpointFilePath(path), async (write) => {
    for (const checkpoint of kept) {
      await write(formatCheckpointLine(checkpoint));
    }
    return undefined;
  });
  return {
    anchor,
    removedRecords: rewritten.removed,
    removedCheckpoints: checkpoints.length - kept.length,
    record: rewritten.record,
  };
}

/** Finds the first stored sequence and the first one recorded at or after the cut. */
async function findPruneSpan(
  path: string,
  cut: string,
): Promise<{ first: number | undefined; firstNewer: number | undefined }> {
  let first: number | undefined;
  let firstNewer: number | undefined;
  for await (const line of readJsonlLines(path)) {
    const record = readVerifiedLine(path, line.text);
    first ??= record.sequence;
    if (record.recordedAt >= cut && (firstNewer === undefined || record.sequence < firstNewer)) {
      firstNewer = record.sequence;
    }
  }
  return { first, firstNewer };
}

async function rewriteRecords(
  path: string,
  anchor: AuditCheckpoint,
  request: AuditPruneRequest,
  options: PruneJsonlOptions,
): Promise<{ removed: number; record: AuditRecord }> {
  let removed = 0;
  let head: AuditChainHead = { sequence: anchor.sequence, hash: anchor.hash };

  const record = await replaceFile(path, async (write) => {
    for await (const line of readJsonlLines(path)) {
      const stored = readVerifiedLine(path, line.text);
      if (stored.sequence <= anchor.sequence) {
        removed += 1;
        continue;
      }
      await write(`${line.text}\n`);
      head = { sequence: stored.sequence, hash: stored.hash };
    }
    const entry = buildPruneEntry(anchor, request);
    const pruneRecord = buildAuditRecord(entry, head, options.recordedAt());
    await write(`${encodeAuditRecordLine(pruneRecord)}\n`);
    return pruneRecord;
  });
  return { removed, record };
}

/** Parses a line of a log that has just verified; failing, another writer ignored the lock. */
function readVerifiedLine(path: string, text: string): AuditRecord {
  const record = parseRecordLine(text);
  if (record === undefined) {
    throw new AuditPruneError(`${path}: the log changed during pruning; nothing was removed`);
  }
  return record;
}

type WriteText = (text: string) => Promise<void>;

/**
 * Writes a file's new contents to a temporary file beside it (mode 0600), flushes it, and
 * renames it over the file.
 */
async function replaceFile<T>(path: string, fill: (write: WriteText) => Promise<T>): Promise<T> {
  const folder = dirname(path);
  const temporaryPath = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporaryPath, 'wx', 0o600);

  let result: T;
  try {
    let pending = '';
    result = await fill(async (text) => {
      pending += text;
      if (pending.length >= writeBatchBytes) {
        await handle.writeFile(pending, 'utf8');
        pending = '';
      }
    });
    await handle.writeFile(pending, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temporaryPath, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await flushFolder(folder);
  return result;
}
