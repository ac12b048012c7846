interface Pending {
  check: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Waits for conditions over changing state: each `waitFor` check runs now and after every
 * `notify()`, and resolves with the first defined value it returns. Timeouts reject with the
 * given description; `close()` rejects whatever is still pending and clears every timer.
 */
export class Conditions {
  readonly #pending = new Set<Pending>();
  #closed = false;

  waitFor<T>(check: () => T | undefined, timeoutMs: number, description: string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    if (this.#closed) return Promise.reject(new Error(`local Discord closed while waiting for ${description}`));
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        check,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(entry);
          reject(new Error(`local Discord: timed out after ${timeoutMs} ms waiting for ${description}`));
        }, timeoutMs),
      };
      this.#pending.add(entry);
    });
  }

  /** Re-evaluates every pending check (call after each state change). */
  notify(): void {
    for (const entry of [...this.#pending]) {
      let value: unknown;
      try {
        value = entry.check();
      } catch (error) {
        this.#settle(entry);
        entry.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (value !== undefined) {
        this.#settle(entry);
        entry.resolve(value);
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const entry of [...this.#pending]) {
      this.#settle(entry);
      entry.reject(new Error('local Discord closed while a test was still waiting'));
    }
  }

  #settle(entry: Pending): void {
    clearTimeout(entry.timer);
    this.#pending.delete(entry);
  }
}
