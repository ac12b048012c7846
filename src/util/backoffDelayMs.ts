/** How {@link backoffDelayMs} grows and spreads its delays. All times in milliseconds. */
export interface BackoffOptions {
  /** The first step; doubled per attempt. */
  baseDelayMs: number;
  /** No step is longer than this. */
  maxDelayMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random: () => number;
  /**
   * `full`: anywhere in [0, step] (spreads callers most; AI provider retries).
   * `equal`: half the step fixed, half random, in [step/2, step] (never retries at once; store writes).
   */
  jitter: 'full' | 'equal';
}

/**
 * The one backoff formula: exponential (`baseDelayMs · 2^(attempt−1)`, capped at `maxDelayMs`)
 * with jitter, rounded to whole milliseconds. `attempt` is 1-based: the wait after the first
 * failure is one base step.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions): number {
  const stepMs = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const fixedMs = opts.jitter === 'equal' ? stepMs / 2 : 0;
  return Math.round(fixedMs + opts.random() * (stepMs - fixedMs));
}
