/** Runs async tasks one at a time, in the order they were queued, within one process. */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queues a task and resolves or rejects with its result once it has run. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
