import type { TrendSeries } from '../../../src/interview/trends/buildTrendSeries.ts';

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 9));

/**
 * A realistic trend: 8 interviews, the first two from before rubric scoring (overall only),
 * then Problem solving, Communication and Trade-offs (the last one missing once).
 */
export function sampleSeries(count = 8): TrendSeries {
  const idx = Array.from({ length: count }, (_, i) => i);
  return {
    points: idx.map((i) => ({ interviewId: `iv-${i}`, startedAt: day(1 + i * 3), overall: Math.min(10, 3.5 + i * 0.7) })),
    criteria: [
      { key: 'problem_solving', name: 'Problem solving', values: idx.map((i) => (i < 2 ? null : Math.min(10, 2.5 + i * 0.9))) },
      { key: 'communication', name: 'Communication', values: idx.map((i) => (i < 2 ? null : 6 + (i % 3) - 1)) },
      { key: 'trade_offs', name: 'Trade-offs', values: idx.map((i) => (i < 2 || i === 5 ? null : 1.5 + i * 0.6)) },
    ],
  };
}
