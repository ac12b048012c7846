import { describe, expect, it } from 'vitest';
import { settlesWithin } from '../../src/bot/settlesWithin.ts';

describe('settlesWithin', () => {
  it('is true for a promise that resolves or rejects in time', async () => {
    expect(await settlesWithin(Promise.resolve(1), 1_000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('x')), 1_000)).toBe(true);
    expect(await settlesWithin(new Promise((r) => setTimeout(r, 20)), 2_000)).toBe(true);
  });

  it('is false, after the timeout, for a promise that does not settle', async () => {
    const t0 = Date.now();
    expect(await settlesWithin(new Promise(() => undefined), 100)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });
});
