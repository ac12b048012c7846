/**
 * Owner of a set of background tasks: each is tracked until it settles, an unexpected error is
 * reported to `onError` (never an unhandled rejection), and {@link TaskGroup.drain} awaits them
 * all, including tasks started while draining.
 */
export class TaskGroup {
  readonly #tasks = new Set<Promise<void>>();
  readonly #onError: (name: string, err: unknown) => void;

  constructor(onError: (name: string, err: unknown) => void) {
    this.#onError = onError;
  }

  /** Starts `fn` now; the returned promise settles with it and never rejects. */
  spawn(name: string, fn: () => Promise<void>): Promise<void> {
    let started: Promise<void>;
    try {
      started = fn();
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const tracked: Promise<void> = started
      .catch((err: unknown) => this.#onError(name, err))
      .finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
    return tracked;
  }

  /** Number of tasks still running. */
  get size(): number {
    return this.#tasks.size;
  }

  /** Resolves when no task is left. */
  async drain(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }
}

/**
 * `promise`, or a rejection as soon as `signal` aborts: a port that ignores its signal cannot
 * keep a task (and so a close()) waiting forever.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const reason = (): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
