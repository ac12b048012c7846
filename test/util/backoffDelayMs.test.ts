import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/util/backoffDelayMs.ts';

describe('backoffDelayMs', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles per attempt up to the cap; full jitter spreads over [0, step]', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, { ...opts, random: () => 0.999, jitter: 'full' }))).toEqual([100, 200, 400, 799, 999, 999]);
    expect(backoffDelayMs(3, { ...opts, random: () => 0, jitter: 'full' })).toBe(0);
  });

  it('equal jitter keeps half the step fixed', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, { ...opts, random: () => 0, jitter: 'equal' }))).toEqual([50, 100, 200, 400, 500]);
    expect(backoffDelayMs(3, { ...opts, random: () => 0.5, jitter: 'equal' })).toBe(300);
  });
});
