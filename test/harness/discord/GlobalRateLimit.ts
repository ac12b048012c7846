/**
 * Discord's global rate limit: a bot may make `perSecond` requests per second in all (50 for
 * every bot below the large-bot tier), across every route and shard of its token. Interaction
 * endpoints (callbacks under /interactions and follow-ups under /webhooks, which authenticate by
 * the interaction token) are not bound by it. Counted in fixed one-second windows, each starting
 * with the first request after the last one ended; a request over the limit is refused with
 * 429 and `global: true` until the window ends.
 */
export class GlobalRateLimit {
  readonly #perSecond: number;
  readonly #nowMs: () => number;
  #windowEndsMs = Number.NEGATIVE_INFINITY;
  #used = 0;
  /** Requests refused so far. */
  refused = 0;

  /** @param perSecond the limit (0 turns it off) */
  constructor(perSecond: number, nowMs: () => number = Date.now) {
    this.#perSecond = perSecond;
    this.#nowMs = nowMs;
  }

  /** Whether a request to `path` (below /api/v10) counts towards the global limit. */
  static counts(path: string): boolean {
    return !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
  }

  /** Takes one request from the window: null when it may go, else the ms until the window ends. */
  take(path: string): number | null {
    if (this.#perSecond <= 0 || !GlobalRateLimit.counts(path)) return null;
    const now = this.#nowMs();
    if (now >= this.#windowEndsMs) {
      this.#windowEndsMs = now + 1_000;
      this.#used = 0;
    }
    if (this.#used < this.#perSecond) {
      this.#used++;
      return null;
    }
    this.refused++;
    return Math.max(1, this.#windowEndsMs - now);
  }
}
