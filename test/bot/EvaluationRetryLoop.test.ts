import { describe, expect, it } from 'vitest';
import { EvaluationRetryLoop } from '../../src/bot/EvaluationRetryLoop.ts';
import type { Store } from '../../src/interview/Store.ts';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';
import { createLogger } from '../../src/logger.ts';

/** A store that only answers listUnscored (the loop's first call), counting passes. */
function countingStore(): { store: Store; passes: () => number } {
  let passes = 0;
  const store = {
    listUnscored: async () => {
      passes++;
      return [];
    },
  } as unknown as Store;
  return { store, passes: () => passes };
}

describe('EvaluationRetryLoop', () => {
  it('runs a first pass after the delay, then every interval, and stops promptly on close', async () => {
    const { store, passes } = countingStore();
    const loop = new EvaluationRetryLoop({ store, llm: new FakeLanguageModel(), logger: createLogger({ level: 'silent' }), firstDelayMs: 20, intervalMs: 30 });
    const deadline = Date.now() + 5_000;
    while (passes() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(passes()).toBeGreaterThanOrEqual(3);
    const t0 = Date.now();
    await loop.close();
    expect(Date.now() - t0).toBeLessThan(1_000);
    const after = passes();
    await new Promise((r) => setTimeout(r, 100));
    expect(passes()).toBe(after);
  });

  it('does nothing before its first delay and closes while waiting', async () => {
    const { store, passes } = countingStore();
    const loop = new EvaluationRetryLoop({ store, llm: new FakeLanguageModel(), logger: createLogger({ level: 'silent' }), firstDelayMs: 60_000 });
    await loop.close();
    expect(passes()).toBe(0);
  });
});
