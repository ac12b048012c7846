import type { Clock } from '../../../src/interview/InterviewIO.ts';

/**
 * A {@link Clock} that moves only when told to. `advanceTo` wakes sleepers in deadline order,
 * letting promise callbacks run after each wake-up, so timers behave as in real time but faster.
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Array<{ at: number; resolve: () => void }> = [];

  constructor(startMs = 1_000_000) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const sleeper = {
        at: this.#now + ms,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Moves time forward to `ms`, waking due sleepers one by one. */
  async advanceTo(ms: number): Promise<void> {
    for (;;) {
      const due = this.#sleepers.filter((s) => s.at <= ms).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#sleepers = this.#sleepers.filter((s) => s !== due);
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.#now = Math.max(this.#now, ms);
  }

  /** Moves time forward by `ms`. */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }
}
