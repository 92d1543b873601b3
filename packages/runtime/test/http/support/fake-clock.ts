/** A clock for session timeouts that only moves when a test advances it. */
export class FakeClock {
  #now = Date.UTC(2026, 0, 5, 9, 0, 0);

  /** Milliseconds since the epoch, for the `now` option. */
  readonly now = (): number => this.#now;

  /** Moves the clock forward by whole seconds. */
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
}
