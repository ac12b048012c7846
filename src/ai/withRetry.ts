import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import { backoffDelayMs } from '../util/backoffDelayMs.ts';
import { AiError, type AiCapability } from './AiError.ts';
import { retryAfterMsOf, toAiError } from './toAiError.ts';

/** How one provider call is attempted. All times in milliseconds. */
export interface RetryOptions {
  capability: AiCapability;
  /** Short operation name for logs, e.g. 'chat', 'transcribe'. */
  operation: string;
  /** Retries after the first attempt; 0 means one attempt only. */
  maxRetries: number;
  /** Limit for each attempt (until the attempt function resolves), not for the whole call. */
  attemptTimeoutMs: number;
  logger: Logger;
  /** Aborts the call, including any backoff wait; the call then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** First backoff; doubled per retry, with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server's Retry-After longer than this is cut to it. */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Backoff defaults; tests pass smaller ones. */
export const RETRY_DEFAULTS = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 } as const;

/** Passed to each attempt: abort `signal` is fired by the attempt timeout or the caller. */
export interface Attempt {
  signal: AbortSignal;
  /** 1-based. */
  number: number;
}

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

/**
 * The one place where AI calls are retried. Runs `attempt` with a per-attempt timeout; a
 * retryable {@link AiError} (after mapping SDK errors with {@link toAiError}) is retried up to
 * `maxRetries` times with exponential backoff and full jitter, or after the server's
 * Retry-After when it sent one. Gives up with the last AiError. A caller abort rejects with the
 * signal's reason at once. Logs attempt counts, durations and statuses, never payloads.
 */
export async function withRetry<T>(opts: RetryOptions, attempt: (a: Attempt) => Promise<T>): Promise<T> {
  const { capability, operation, logger, signal } = opts;
  const baseDelayMs = opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const random = opts.random ?? Math.random;
  const startedMs = performance.now();
  for (let number = 1; ; number++) {
    signal?.throwIfAborted();
    const attemptStartedMs = performance.now();
    let error: AiError;
    try {
      const value = await runAttempt(attempt, number, opts.attemptTimeoutMs, signal);
      logger.debug({ capability, operation, attempts: number, durationMs: Math.round(performance.now() - startedMs) }, 'ai call succeeded');
      return value;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      error = err instanceof AttemptTimeout
        ? new AiError(capability, `${capability} ${operation} timed out after ${opts.attemptTimeoutMs} ms`, { retryable: true, cause: err })
        : toAiError(capability, err);
    }
    const attemptMs = Math.round(performance.now() - attemptStartedMs);
    if (!error.retryable || number > opts.maxRetries) {
      logger.warn(
        { capability, operation, attempts: number, status: error.status, retryable: error.retryable, durationMs: Math.round(performance.now() - startedMs) },
        `ai call failed: ${error.message}`,
      );
      throw error;
    }
    const retryAfterMs = retryAfterMsOf(error);
    const delayMs = retryAfterMs !== undefined
      ? Math.min(retryAfterMs, maxRetryAfterMs)
      : backoffDelayMs(number, { baseDelayMs, maxDelayMs, random, jitter: 'full' });
    logger.info({ capability, operation, attempt: number, status: error.status, attemptMs, delayMs }, `ai call will retry: ${error.message}`);
    try {
      await sleep(delayMs, undefined, { signal });
    } catch (err) {
      // timers/promises rejects with an AbortError; callers get their own reason, as for an aborted attempt.
      if (signal?.aborted) throw signal.reason;
      throw err;
    }
  }
}

/** Runs one attempt, rejecting with AttemptTimeout when it outlives its budget even if it ignores its signal. */
async function runAttempt<T>(attempt: (a: Attempt) => Promise<T>, number: number, timeoutMs: number, caller: AbortSignal | undefined): Promise<T> {
  const controller = new AbortController();
  let rejectEarly: (err: unknown) => void = () => {};
  const early = new Promise<never>((_, reject) => { rejectEarly = reject; });
  const onCallerAbort = (): void => {
    controller.abort(caller?.reason);
    rejectEarly(caller?.reason);
  };
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    const timeout = new AttemptTimeout(`attempt ${number} exceeded ${timeoutMs} ms`);
    controller.abort(timeout);
    rejectEarly(timeout);
  }, timeoutMs);
  try {
    const work = attempt({ signal: controller.signal, number });
    // If the race is lost, the attempt's own rejection is expected and swallowed here.
    work.catch(() => {});
    return await Promise.race([work, early]);
  } catch (err) {
    if (!controller.signal.aborted) controller.abort(err);
    throw err;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}
