import { createHash, randomUUID } from 'node:crypto';

import type { AuditEntry, AuditRecord, AuditSink } from '../../../src/index.js';

/**
 * An audit sink that keeps records in an array, chained with SHA-256 like the real sinks, so
 * tests can read what was audited. `failing` makes every append reject.
 */
export class MemoryAuditSink implements AuditSink {
  readonly records: AuditRecord[] = [];
  failing = false;
  #waiters: { readonly count: number; readonly resolve: () => void }[] = [];

  async append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.failing) {
      throw new Error('audit store unavailable');
    }

    const previousHash = this.records.at(-1)?.hash ?? '0'.repeat(64);
    const unhashed = {
      ...entry,
      sequence: this.records.length + 1,
      id: randomUUID(),
      recordedAt: new Date().toISOString(),
      previousHash,
    };
    const hash = createHash('sha256').update(JSON.stringify(unhashed)).digest('hex');
    const record: AuditRecord = { ...unhashed, hash };
    this.records.push(record);

    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.records.length >= waiter.count) {
        waiter.resolve();
        return false;
      }
      return true;
    });
    return record;
  }

  /** Resolves once at least `count` records exist; entries written after a response need it. */
  async waitForRecords(count: number, timeoutMs = 2000): Promise<AuditRecord[]> {
    if (this.records.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} audit records, got ${this.records.length}`)),
          timeoutMs,
        );
        this.#waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.records;
  }

  /** Returns the records of one action, in order. */
  withAction(action: AuditEntry['action']): AuditRecord[] {
    return this.records.filter((record) => record.action === action);
  }
}
