import type { Keyring } from '../keys/keyring.js';
import type { AuditChainLink } from './audit-chain-link.js';
import { findAuditCheckpointProblem, type AuditCheckpoint } from './audit-checkpoint.js';
import type {
  AuditChainProblem,
  AuditVerification,
  BrokenAuditRecord,
} from './audit-verification.js';
import { genesisHash } from './canonical-encoding.js';

/** Options of an `AuditChainVerifier`. */
export interface AuditChainVerifierOptions {
  /**
   * True when links arrive sorted by sequence number, as SQLite reads them; a missing number
   * is then known to be deleted without reading on. False for a file read in stored order,
   * where a missing number may turn up later (reordered).
   */
  readonly sortedBySequence: boolean;
}

interface CheckedCheckpoint {
  readonly checkpoint: AuditCheckpoint;
  /** The problem with its signature; undefined when it is valid. */
  readonly problem: string | undefined;
}

/**
 * Verifies an audit chain one record at a time, so that a log of any size streams through in
 * one pass. Sinks feed it the links of their stored records in order with `push` (or, for a
 * record they have checked themselves, `advance`), stop when it returns false, and call
 * `finish` for the result.
 *
 * It reports the first broken record only: after a break, later records cannot be trusted to
 * tell where they belong. A record that breaks the chain is classified with the help of the
 * record after it.
 */
export class AuditChainVerifier {
  readonly #checkpoints: ReadonlyMap<number, CheckedCheckpoint>;
  readonly #checkpointCount: number;
  readonly #lastValidCheckpoint: number;
  readonly #sortedBySequence: boolean;

  #records = 0;
  #started = false;
  #expectedSequence = 1;
  #expectedPrevious = genesisHash;
  #anchor: number | undefined;
  #anchorNamed = false;
  /** Sequence of the last accepted record, and the previous hash that record had. */
  #lastSequence: number | undefined;
  #lastPreviousHash = '';
  /** A record that breaks the chain, waiting for the next one to tell how. */
  #pending: AuditChainLink | undefined;
  /** A missing sequence number that a file read in stored order may still hold later. */
  #missing: { readonly sequence: number; readonly after: AuditChainLink } | undefined;
  #broken: BrokenAuditRecord | undefined;

  constructor(
    checkpoints: readonly AuditCheckpoint[],
    keyring: Keyring,
    options: AuditChainVerifierOptions,
  ) {
    const checked = new Map<number, CheckedCheckpoint>();
    let lastValid = 0;
    for (const checkpoint of checkpoints) {
      // The first checkpoint stored for a sequence is the one that counts. A later one for the
      // same record, made after the log was cut back and written again, cannot replace it.
      if (checked.has(checkpoint.sequence)) {
        continue;
      }
      const problem = findAuditCheckpointProblem(checkpoint, keyring);
      checked.set(checkpoint.sequence, { checkpoint, problem });
      if (problem === undefined) {
        lastValid = Math.max(lastValid, checkpoint.sequence);
      }
    }
    this.#checkpoints = checked;
    this.#checkpointCount = checkpoints.length;
    this.#lastValidCheckpoint = lastValid;
    this.#sortedBySequence = options.sortedBySequence;
  }

  /**
   * The sequence number that the next record must have to continue the chain, or NaN while
   * `advance` cannot be used: before the first record, and once a record broke the chain.
   */
  get nextSequence(): number {
    const ready = this.#started && this.#pending === undefined && this.#missing === undefined;
    return ready && this.#broken === undefined ? this.#expectedSequence : Number.NaN;
  }

  /** The `previousHash` that the next record must have to continue the chain. */
  get nextPreviousHash(): string {
    return this.#expectedPrevious;
  }

  /**
   * Accepts the next record without a link object, for a reader that has checked that the
   * record is intact, is not an `audit-prune` record, and has `nextSequence` and
   * `nextPreviousHash`. Returns false once the result is known.
   */
  advance(hash: string): boolean {
    this.#records += 1;
    this.#accept(this.#expectedSequence, hash, undefined);
    return this.#broken === undefined;
  }

  /** Verifies the next stored record; returns false once the result is known. */
  push(link: AuditChainLink): boolean {
    if (this.#broken !== undefined) {
      return false;
    }
    this.#records += 1;

    if (this.#missing !== undefined) {
      this.#checkForMissing(link);
    } else if (this.#pending !== undefined) {
      this.#process(this.#pending, link);
      if (this.#missing !== undefined) {
        this.#checkForMissing(link);
      }
    } else {
      this.#pushInOrder(link);
    }
    return this.#broken === undefined;
  }

  /** Verifies what remains after the last record and returns the result. */
  finish(): AuditVerification {
    if (this.#broken === undefined && this.#missing === undefined && this.#pending !== undefined) {
      this.#process(this.#pending, undefined);
    }
    this.#pending = undefined;

    if (this.#broken === undefined && this.#missing !== undefined) {
      this.#reportGap(this.#missing.sequence, this.#missing.after);
    }
    if (this.#broken === undefined) {
      this.#checkEnd();
    }

    const counts = { records: this.#records, checkpoints: this.#checkpointCount };
    if (this.#broken === undefined) {
      return { ok: true, ...counts };
    }
    return { ok: false, ...counts, firstBroken: this.#broken };
  }

  /** Accepts a record that continues the chain, or keeps it to classify with the next one. */
  #pushInOrder(link: AuditChainLink): void {
    if (!this.#started) {
      this.#start(link);
      if (this.#broken !== undefined) {
        return;
      }
    }

    const continues =
      link.intact &&
      link.sequence === this.#expectedSequence &&
      link.previousHash === this.#expectedPrevious;
    if (continues) {
      this.#accept(link.sequence, link.hash, link.pruneAnchor);
    } else {
      this.#pending = link;
    }
  }

  #start(first: AuditChainLink): void {
    this.#started = true;
    if (first.sequence !== 1 && Number.isSafeInteger(first.sequence)) {
      // A pruned log starts right after its anchor checkpoint. A log that starts anywhere
      // else is checked from the newest checkpoint before it, or from the beginning.
      const anchor = this.#newestCheckpointBefore(first.sequence);
      if (anchor !== undefined) {
        this.#anchor = anchor.checkpoint.sequence;
        this.#expectedSequence = anchor.checkpoint.sequence + 1;
        this.#expectedPrevious = anchor.checkpoint.hash;
      }
    }

    const badBeforeStart = this.#firstBadCheckpointBelow(this.#expectedSequence);
    if (badBeforeStart !== undefined) {
      this.#breakAtCheckpoint(badBeforeStart);
    }
  }

  /** Classifies a record that does not continue the chain; `next` is the record after it. */
  #process(link: AuditChainLink, next: AuditChainLink | undefined): void {
    if (!Number.isSafeInteger(link.sequence)) {
      const where = link.location ?? 'a stored record';
      this.#break(this.#expectedSequence, 'modified', `${where} is not a readable audit record`);
      return;
    }
    if (link.sequence !== this.#expectedSequence) {
      this.#checkSequence(link, next);
      return;
    }
    if (link.previousHash !== this.#expectedPrevious) {
      this.#reportBrokenLink(link, next);
      return;
    }
    if (!link.intact) {
      const message = `record #${link.sequence} no longer matches its hash`;
      this.#break(link.sequence, 'modified', message);
      return;
    }
    this.#accept(link.sequence, link.hash, link.pruneAnchor);
  }

  #checkSequence(link: AuditChainLink, next: AuditChainLink | undefined): void {
    const expected = this.#expectedSequence;
    if (link.sequence < expected) {
      const last = this.#lastSequence;
      const after = last === undefined ? 'the start of the log' : `record #${last}`;
      this.#break(link.sequence, 'inserted', `a second record #${link.sequence} follows ${after}`);
      return;
    }
    if (next !== undefined && next.sequence === expected) {
      const message = `record #${expected} is stored after record #${link.sequence}`;
      this.#break(expected, 'reordered', message);
      return;
    }
    if (this.#sortedBySequence) {
      this.#reportGap(expected, link);
      return;
    }
    // In a file read in stored order, the missing record may still come later.
    this.#missing = { sequence: expected, after: link };
  }

  #checkForMissing(link: AuditChainLink): void {
    const missing = this.#missing;
    if (missing === undefined || link.sequence !== missing.sequence) {
      return;
    }
    this.#missing = undefined;
    const message = `record #${missing.sequence} is stored after record #${missing.after.sequence}`;
    this.#break(missing.sequence, 'reordered', message);
  }

  #reportGap(missing: number, found: AuditChainLink): void {
    const lastMissing = found.sequence - 1;
    const range =
      lastMissing === missing
        ? `record #${missing} is`
        : `records #${missing} to #${lastMissing} are`;
    this.#missing = undefined;
    this.#break(missing, 'deleted', `${range} missing`);
  }

  /** Classifies a record with the expected sequence whose previous hash does not link. */
  #reportBrokenLink(link: AuditChainLink, next: AuditChainLink | undefined): void {
    const last = this.#lastSequence;
    const sequence = link.sequence;

    if (last !== undefined && link.previousHash === this.#lastPreviousHash) {
      const message = `record #${last} was inserted: it and record #${sequence} link to the same record`;
      this.#break(last, 'inserted', message);
    } else if (next !== undefined && link.previousHash === next.hash) {
      const message = `record #${sequence} links to the record stored after it`;
      this.#break(sequence, 'reordered', message);
    } else if (!link.intact && link.renumberedDown) {
      const message = `record #${sequence} was renumbered from #${sequence + 1}: the record before it was deleted`;
      this.#break(sequence, 'deleted', message);
    } else if (link.intact && last !== undefined) {
      const message = `record #${sequence} does not link to record #${last}: one of them was changed and its hash recomputed`;
      this.#break(last, 'modified', message);
    } else if (link.intact) {
      const anchor = this.#anchor;
      const start =
        anchor === undefined ? 'the start of the chain' : `anchor checkpoint #${anchor}`;
      this.#break(sequence, 'modified', `record #${sequence} does not link to ${start}`);
    } else {
      const message = `record #${sequence} no longer matches its hash or its link`;
      this.#break(sequence, 'modified', message);
    }
  }

  #accept(sequence: number, hash: string, pruneAnchor: number | undefined): void {
    const checked = this.#checkpoints.get(sequence);
    if (checked?.problem !== undefined) {
      this.#breakAtCheckpoint(checked);
      return;
    }
    if (checked !== undefined && checked.checkpoint.hash !== hash) {
      this.#reportCheckpointMismatch(sequence);
      return;
    }

    if (pruneAnchor !== undefined && pruneAnchor === this.#anchor) {
      this.#anchorNamed = true;
    }
    this.#lastSequence = sequence;
    this.#lastPreviousHash = this.#expectedPrevious;
    this.#expectedSequence = sequence + 1;
    this.#expectedPrevious = hash;
  }

  #reportCheckpointMismatch(sequence: number): void {
    const previous = this.#newestCheckpointBefore(sequence);
    const since =
      previous === undefined ? 'the start' : `checkpoint #${previous.checkpoint.sequence}`;
    if (sequence === this.#lastValidCheckpoint) {
      const message = `record #${sequence} differs from the signed checkpoint: the log was cut back after ${since} and written again`;
      this.#break(sequence, 'truncated', message);
      return;
    }
    const message = `record #${sequence} differs from the signed checkpoint: records after ${since} were rewritten`;
    this.#break(sequence, 'modified', message);
  }

  /** Checks what only the end of the log shows: truncation, and pruning without its record. */
  #checkEnd(): void {
    const lastSequence = this.#lastSequence ?? this.#expectedSequence - 1;
    const badAfterEnd = this.#firstBadCheckpointBelow(Number.POSITIVE_INFINITY);
    const truncatedAt = this.#lastValidCheckpoint > lastSequence ? lastSequence + 1 : undefined;

    const badFirst =
      badAfterEnd !== undefined &&
      (truncatedAt === undefined || badAfterEnd.checkpoint.sequence < truncatedAt);
    if (badFirst) {
      this.#breakAtCheckpoint(badAfterEnd);
      return;
    }
    if (truncatedAt !== undefined) {
      const message = `the log ends at record #${lastSequence}, but a signed checkpoint covers record #${this.#lastValidCheckpoint}`;
      this.#break(truncatedAt, 'truncated', message);
      return;
    }
    if (this.#anchor !== undefined && !this.#anchorNamed) {
      const message = `records up to #${this.#anchor} were removed, but no audit-prune record names checkpoint #${this.#anchor}`;
      this.#break(this.#anchor, 'deleted', message);
    }
  }

  #newestCheckpointBefore(sequence: number): CheckedCheckpoint | undefined {
    let newest: CheckedCheckpoint | undefined;
    for (const checked of this.#checkpoints.values()) {
      const candidate = checked.checkpoint.sequence;
      const newer = newest === undefined || candidate > newest.checkpoint.sequence;
      if (candidate < sequence && newer) {
        newest = checked;
      }
    }
    return newest;
  }

  /** The bad checkpoint with the lowest sequence below `limit` that no record has reached. */
  #firstBadCheckpointBelow(limit: number): CheckedCheckpoint | undefined {
    const reached = this.#lastSequence ?? Number.NEGATIVE_INFINITY;
    let first: CheckedCheckpoint | undefined;
    for (const checked of this.#checkpoints.values()) {
      const sequence = checked.checkpoint.sequence;
      const candidate = checked.problem !== undefined && sequence < limit && sequence > reached;
      if (candidate && (first === undefined || sequence < first.checkpoint.sequence)) {
        first = checked;
      }
    }
    return first;
  }

  #breakAtCheckpoint(checked: CheckedCheckpoint): void {
    const problem = checked.problem ?? `checkpoint #${checked.checkpoint.sequence} is invalid`;
    this.#break(checked.checkpoint.sequence, 'bad-checkpoint', problem);
  }

  #break(sequence: number, problem: AuditChainProblem, message: string): void {
    this.#broken = { sequence, problem, message };
  }
}
