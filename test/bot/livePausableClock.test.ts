import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/interview/InterviewIO.ts';
import { PausableClock } from '../../src/bot/live/PausableClock.ts';

/** A base clock the test moves by hand. */
function manual(startMs: number): Clock & { advance(ms: number): void } {
  let t = startMs;
  return { now: () => t, sleep: async () => {}, advance: (ms) => (t += ms) };
}

describe('PausableClock', () => {
  it('follows the base clock, stands still while paused, and runs on from where it stopped', () => {
    const base = manual(1_000);
    const clock = new PausableClock(base);
    expect(clock.now()).toBe(1_000);
    base.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.pause();
    clock.pause(); // idempotent
    base.advance(6_000);
    expect(clock.now()).toBe(1_500);
    expect(clock.paused).toBe(true);
    clock.resume();
    clock.resume(); // idempotent
    expect(clock.now()).toBe(1_500);
    base.advance(200);
    expect(clock.now()).toBe(1_700);
    clock.pause();
    base.advance(1_000);
    clock.resume();
    base.advance(100);
    expect(clock.now()).toBe(1_800);
    expect(clock.paused).toBe(false);
  });
});
