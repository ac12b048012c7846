import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';

/** How long a probe result is reused. */
export const PROBE_CACHE_MS = 5_000;
/** A store slower than this counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the store answers, for /health: checked at most every {@link PROBE_CACHE_MS}, each
 * check bounded by {@link PROBE_TIMEOUT_MS}; concurrent callers share one check.
 */
export class StoreProbe {
  readonly #store: Store;
  readonly #logger: Logger;
  #last: { atMs: number; ok: boolean } | null = null;
  #pending: Promise<boolean> | null = null;

  constructor(store: Store, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /** True when the store answered its last check in time. */
  async ok(): Promise<boolean> {
    if (this.#last && Date.now() - this.#last.atMs < PROBE_CACHE_MS) return this.#last.ok;
    this.#pending ??= this.#probe().finally(() => (this.#pending = null));
    return this.#pending;
  }

  async #probe(): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
    const ok = await Promise.race([
      this.#store.getGuildSettings('0').then(
        () => true,
        (err: unknown) => {
          this.#logger.warn({ err }, 'store health probe failed');
          return false;
        },
      ),
      timeout,
    ]);
    clearTimeout(timer);
    this.#last = { atMs: Date.now(), ok };
    return ok;
  }
}
