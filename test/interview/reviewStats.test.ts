import { describe, expect, it } from 'vitest';
import type { ReviewPair, ReviewStatsData } from '../../src/interview/review.ts';
import { statsWeeksFrom, summarizeReviewStats, weekStartUtc } from '../../src/interview/reviewStats.ts';

const pair = (n: number, aiScore: number, mentor: Array<[string, number]>, ai: Array<[string, number]> = [], reviewer = 'm1'): ReviewPair => ({
  interviewId: 'iv-1', number: n, reviewerUserId: reviewer, aiScore,
  aiCriteria: ai.map(([key, score]) => ({ key, score })),
  mentorCriteria: mentor.map(([key, score]) => ({ key, name: key.toUpperCase(), score })),
});

describe('weeks', () => {
  it('start on Monday 00:00 UTC', () => {
    expect(weekStartUtc(new Date('2026-12-03T08:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z'); // a Thursday
    expect(weekStartUtc(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStartUtc(new Date('2026-11-29T23:59:59Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // a Sunday
    expect(statsWeeksFrom(new Date('2026-12-03T08:00:00Z')).toISOString()).toBe('2026-10-12T00:00:00.000Z'); // 7 weeks before
  });
});

describe('summarizeReviewStats', () => {
  const now = new Date('2026-12-03T08:00:00Z');

  it('pairs the AI score with the mean of the mentor’s criteria, and criteria by key where both scored them', () => {
    const data: ReviewStatsData = {
      pairs: [
        // Mentor means: 8, 5, 6, 4, 6 against AI 7, 5, 9, 3, 6 → the worked example of agreement.test.ts (κ = 18/29).
        pair(1, 7, [['depth', 7], ['clarity', 9]], [['depth', 6], ['clarity', 9]]),
        pair(2, 5, [['depth', 5], ['clarity', 5]], [['depth', 5]]),
        pair(3, 9, [['depth', 6], ['clarity', 6]], [['other', 2]]),
        pair(4, 3, [['depth', 4], ['clarity', 4]]),
        pair(4, 6, [['depth', 6], ['clarity', 6]], [['depth', 8], ['clarity', 6]], 'm2'),
      ],
      aiCriteria: [{ key: 'depth', name: 'Depth', mean: 6.5, count: 4 }],
      weeks: [{ weekStart: new Date('2026-11-30T00:00:00Z'), interviews: 3 }, { weekStart: new Date('2026-10-12T00:00:00Z'), interviews: 1 }],
    };
    const s = summarizeReviewStats(data, now);
    expect(s.reviews).toBe(5);
    expect(s.reviewedQuestions).toBe(4);
    expect(s.reviewers).toBe(2);
    expect(s.overall.kappa.kind === 'kappa' && s.overall.kappa.value).toBeCloseTo(18 / 29, 12);
    expect(s.overall.meanAbsoluteDifference).toBe(1);
    // depth: (6,7), (5,5), (8,6) → MAD (1+0+2)/3 = 1; clarity: (9,9), (6,6) → MAD 0. Both too few for kappa.
    expect(s.perCriterion.map((c) => [c.key, c.name, c.pairs, c.meanAbsoluteDifference, c.kappa.kind])).toEqual([
      ['depth', 'DEPTH', 3, 1, 'too_few'],
      ['clarity', 'CLARITY', 2, 0, 'too_few'],
    ]);
    expect(s.aiCriteria).toEqual(data.aiCriteria);
    expect(s.weeks.map((w) => [w.weekStart.toISOString().slice(0, 10), w.interviews])).toEqual([
      ['2026-10-12', 1], ['2026-10-19', 0], ['2026-10-26', 0], ['2026-11-02', 0], ['2026-11-09', 0], ['2026-11-16', 0], ['2026-11-23', 0], ['2026-11-30', 3],
    ]);
  });

  it('reports nothing to agree on without reviews, with eight empty weeks', () => {
    const s = summarizeReviewStats({ pairs: [], aiCriteria: [], weeks: [] }, now);
    expect(s).toMatchObject({ reviews: 0, reviewedQuestions: 0, reviewers: 0, perCriterion: [], overall: { pairs: 0, meanAbsoluteDifference: null } });
    expect(s.weeks).toHaveLength(8);
    expect(s.weeks.every((w) => w.interviews === 0)).toBe(true);
  });
});
