import { describe, expect, it } from 'vitest';
import { PROBE_TIMEOUT_MS, StoreProbe } from '../../src/bot/StoreProbe.ts';
import type { Store } from '../../src/interview/Store.ts';
import { createLogger } from '../../src/logger.ts';

const logger = createLogger({ level: 'silent' });

/** A store whose getGuildSettings behaves as told and counts its calls. */
function storeThat(answer: () => Promise<null>): { store: Store; calls: () => number } {
  let calls = 0;
  const store = { getGuildSettings: () => (calls++, answer()) } as unknown as Store;
  return { store, calls: () => calls };
}

describe('StoreProbe', () => {
  it('is true when the store answers, and reuses the result instead of asking again', async () => {
    const { store, calls } = storeThat(() => Promise.resolve(null));
    const probe = new StoreProbe(store, logger);
    expect(await Promise.all([probe.ok(), probe.ok()])).toEqual([true, true]);
    expect(await probe.ok()).toBe(true);
    expect(calls()).toBe(1);
  });

  it('is false when the store fails', async () => {
    const { store } = storeThat(() => Promise.reject(new Error('connection refused')));
    expect(await new StoreProbe(store, logger).ok()).toBe(false);
  });

  it('is false, within its bound, when the store hangs', async () => {
    const { store } = storeThat(() => new Promise<null>(() => undefined));
    const t0 = Date.now();
    expect(await new StoreProbe(store, logger).ok()).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 50);
    expect(Date.now() - t0).toBeLessThan(PROBE_TIMEOUT_MS + 3_000);
  });
});
