import { createHistogram } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { HealthServer } from '../../src/bot/HealthServer.ts';
import { RuntimeStats } from '../../src/bot/RuntimeStats.ts';
import { createLogger } from '../../src/logger.ts';

const MS = 1e6;

/** Stats over a histogram the test fills (delays in ms), on a clock the test moves. */
function stats(): { s: RuntimeStats; delays: (...ms: number[]) => void; clock: { now: number } } {
  const source = createHistogram();
  const clock = { now: 1_000_000 };
  const s = new RuntimeStats({ source, windowMs: 5_000, keep: 3, now: () => clock.now });
  return { s, clock, delays: (...ms) => { for (const d of ms) source.record(Math.round(d * MS)); } };
}

describe('RuntimeStats', () => {
  it('reports the worst and the median window p99 and the longest delay of the windows in the period', () => {
    const { s, delays, clock } = stats();
    expect(s.report(60_000)).toMatchObject({ windows: 0, eventLoopP99Ms: null, eventLoopMaxMs: null });
    delays(...Array(99).fill(10), 40); // p99 10 ms, max 40 ms
    s.rotate();
    clock.now += 5_000;
    delays(...Array(90).fill(11), ...Array(10).fill(30)); // p99 30 ms
    s.rotate();
    clock.now += 5_000;
    delays(...Array(100).fill(12));
    s.rotate();
    const r = s.report(60_000);
    expect(r).toMatchObject({ windowMs: 5_000, windows: 3, eventLoopP99Ms: 30, eventLoopP99MedianMs: 12, eventLoopMaxMs: 40 });
    // Only the windows that ended within the period count.
    expect(s.report(6_000)).toMatchObject({ windows: 2, eventLoopP99Ms: 30, eventLoopMaxMs: 30 });
  });

  it('starts every window afresh, keeps only the last `keep` windows and skips windows without samples', () => {
    const { s, delays, clock } = stats();
    delays(100);
    s.rotate();
    for (let i = 0; i < 3; i++) {
      clock.now += 5_000;
      delays(5);
      s.rotate();
    }
    clock.now += 5_000;
    s.rotate(); // nothing recorded: no window
    expect(s.report(600_000)).toMatchObject({ windows: 3, eventLoopP99Ms: 5, eventLoopMaxMs: 5 });
  });

  it('adds the figures to /health, over the period asked with ?window_s=', async () => {
    const { s, delays, clock } = stats();
    delays(50);
    s.rotate();
    clock.now += 20_000;
    delays(7);
    s.rotate();
    const server = await HealthServer.start({
      host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), runtime: s,
      report: async () => ({ status: 'ok', discord: true, db: true, activeInterviews: 0 }),
    });
    try {
      const get = async (query: string) => ((await (await fetch(`http://127.0.0.1:${server.port}/health${query}`)).json()) as { runtime: Record<string, unknown> }).runtime;
      expect(await get('')).toMatchObject({ windows: 2, eventLoopP99Ms: 50 });
      expect(await get('?window_s=10')).toMatchObject({ windows: 1, eventLoopP99Ms: 7 });
      expect(await get('?window_s=nonsense')).toMatchObject({ windows: 2 });
      const runtime = await get('');
      expect(runtime.rssBytes).toBeGreaterThan(0);
      expect(typeof runtime.cpuUserMs).toBe('number');
    } finally {
      await server.close();
    }
  });
});
