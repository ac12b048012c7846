import { APIError, APIConnectionError } from 'openai';
import { describe, expect, it } from 'vitest';
import { AiError } from '../../src/ai/AiError.ts';
import { retryAfterMsOf, toAiError } from '../../src/ai/toAiError.ts';
import { withRetry, type RetryOptions } from '../../src/ai/withRetry.ts';
import { testLogger } from './testLogger.ts';

const apiError = (status: number, headers: Record<string, string> = {}, code?: string) =>
  APIError.generate(status, code ? { error: { code, message: 'x' } } : undefined, undefined, new Headers(headers));

function opts(over: Partial<RetryOptions> = {}): RetryOptions {
  return { capability: 'llm', operation: 'test', maxRetries: 2, attemptTimeoutMs: 1_000, logger: testLogger().logger, baseDelayMs: 5, maxDelayMs: 20, ...over };
}

describe('toAiError', () => {
  it.each([
    [429, true], [500, true], [502, true], [503, true], [408, true],
    [400, false], [401, false], [403, false], [404, false], [422, false],
  ])('HTTP %i → retryable %s', (status, retryable) => {
    expect(toAiError('llm', apiError(status))).toMatchObject({ retryable, status, capability: 'llm' });
  });

  it('treats connection errors as retryable and an exhausted quota as not', () => {
    expect(toAiError('stt', new APIConnectionError({ message: 'reset' })).retryable).toBe(true);
    expect(toAiError('llm', apiError(429, {}, 'insufficient_quota')).retryable).toBe(false);
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    expect(retryAfterMsOf(apiError(429, { 'retry-after': '2' }))).toBe(2_000);
    expect(retryAfterMsOf(apiError(429, { 'retry-after-ms': '150' }))).toBe(150);
    const now = Date.parse('2026-11-24T05:00:00Z');
    expect(retryAfterMsOf(apiError(503, { 'retry-after': 'Tue, 24 Nov 2026 05:00:03 GMT' }), now)).toBe(3_000);
    expect(retryAfterMsOf(apiError(429))).toBeUndefined();
    expect(retryAfterMsOf(toAiError('llm', apiError(429, { 'retry-after': '1' })))).toBe(1_000);
  });
});

describe('withRetry', () => {
  it('returns the first success and counts attempts', async () => {
    let n = 0;
    const value = await withRetry(opts(), async ({ number }) => {
      n = number;
      if (number < 3) throw apiError(500);
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(n).toBe(3);
  });

  it('throws the last error after maxRetries + 1 attempts, and does not retry what is not retryable', async () => {
    let attempts = 0;
    await expect(withRetry(opts({ maxRetries: 4 }), async () => { attempts++; throw apiError(503); })).rejects.toMatchObject({ status: 503, retryable: true });
    expect(attempts).toBe(5);
    attempts = 0;
    await expect(withRetry(opts({ maxRetries: 4 }), async () => { attempts++; throw apiError(403); })).rejects.toMatchObject({ status: 403, retryable: false });
    expect(attempts).toBe(1);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const delays: number[] = [];
    let last = performance.now();
    await withRetry(opts({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.999 }), async ({ number }) => {
      const now = performance.now();
      if (number > 1) delays.push(now - last);
      last = now;
      if (number < 4) throw apiError(500);
    });
    // ~100, ~200, then capped at ~250 (timers may run late, never early).
    expect(delays[0]).toBeGreaterThanOrEqual(95);
    expect(delays[1]).toBeGreaterThanOrEqual(195);
    expect(delays[2]).toBeGreaterThanOrEqual(245);
    expect(delays[2]).toBeLessThan(1_000);
  });

  it('cuts a long Retry-After to maxRetryAfterMs', async () => {
    const started = performance.now();
    await withRetry(opts({ maxRetryAfterMs: 50 }), async ({ number }) => {
      if (number === 1) throw apiError(429, { 'retry-after': '600' });
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('times out an attempt that ignores its signal', async () => {
    const started = performance.now();
    const err = await withRetry(opts({ attemptTimeoutMs: 200, maxRetries: 1 }), () => new Promise(() => {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AiError);
    expect(err).toMatchObject({ retryable: true });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('aborts the running attempt and rejects with the caller reason', async () => {
    const controller = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const pending = withRetry(opts({ signal: controller.signal }), ({ signal }) => {
      attemptSignal = signal;
      return new Promise(() => {});
    });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(attemptSignal?.aborted).toBe(true);
  });

  it('does not start when the signal is already aborted', async () => {
    let attempts = 0;
    await expect(withRetry(opts({ signal: AbortSignal.abort(new Error('already')) }), async () => { attempts++; })).rejects.toThrow('already');
    expect(attempts).toBe(0);
  });
});
