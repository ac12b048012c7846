import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/interview/Store.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { buildTrendSeries, isScoredInterview, MAX_TREND_CRITERIA, MAX_TREND_INTERVIEWS } from '../../src/interview/trends/buildTrendSeries.ts';
import { loadTrendInterviews } from '../../src/interview/trends/loadTrendInterviews.ts';
import type { CriterionScore } from '../../src/interview/rubric.ts';
import type { InterviewDetails, InterviewStatus } from '../../src/interview/types.ts';
import { makeDetails } from '../bot/makeDetails.ts';

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 9));
const cs = (key: string, score: number, name = key.toUpperCase()): CriterionScore => ({ key, name, score, evidence: '' });

/** An interview on day `d` with questions whose criteria are `perQuestion[i]`. */
function interview(d: number, finalScore: number | null, perQuestion: CriterionScore[][] = [], status: InterviewStatus = 'completed'): InterviewDetails {
  return makeDetails(Math.max(1, perQuestion.length), {
    interview: { id: `iv-${String(d).padStart(2, '0')}`, startedAt: day(d), finalScore, status },
    question: (n) => ({ criteria: perQuestion[n - 1] ?? [] }),
  });
}

describe('buildTrendSeries', () => {
  it('orders interviews oldest first, with the overall score and the mean per criterion', () => {
    const s = buildTrendSeries([
      interview(5, 8, [[cs('ps', 8), cs('comm', 6)], [cs('ps', 9), cs('comm', 7)], [cs('ps', 10)]]),
      interview(2, 4),
    ]);
    expect(s.points.map((p) => [p.interviewId, p.overall])).toEqual([['iv-02', 4], ['iv-05', 8]]);
    expect(s.criteria).toEqual([
      { key: 'ps', name: 'PS', values: [null, 9] },
      { key: 'comm', name: 'COMM', values: [null, 6.5] },
    ]);
  });

  it('keeps only completed or abandoned interviews with a score, the newest 20', () => {
    const many = Array.from({ length: 25 }, (_, i) => interview(i + 1, i % 10));
    const s = buildTrendSeries([
      ...many,
      interview(27, 5, [], 'in_progress'),
      interview(28, 5, [], 'failed'),
      interview(29, null),
      interview(26, 3, [], 'abandoned'),
    ]);
    expect(s.points).toHaveLength(MAX_TREND_INTERVIEWS);
    expect(s.points[0]?.interviewId).toBe('iv-07');
    expect(s.points.at(-1)?.interviewId).toBe('iv-26');
    expect(isScoredInterview(interview(29, null))).toBe(false);
    // No overall score yet (one answer still unscored), but criteria scored: on the chart, overall null.
    const partly = interview(30, null, [[cs('ps', 4)]]);
    expect(isScoredInterview(partly)).toBe(true);
    expect(buildTrendSeries([partly]).points[0]?.overall).toBeNull();
  });

  it('uses the latest name of a criterion and joins criteria across interviews by key', () => {
    const s = buildTrendSeries([
      interview(1, 5, [[cs('ps', 4, 'Problem solving')]]),
      interview(2, 6, [[cs('comm', 7, 'Communication')]]),
      interview(3, 7, [[cs('ps', 6, 'Solving problems')]]),
    ]);
    expect(s.criteria).toEqual([
      { key: 'ps', name: 'Solving problems', values: [4, null, 6] },
      { key: 'comm', name: 'Communication', values: [null, 7, null] },
    ]);
  });

  it(`draws at most ${MAX_TREND_CRITERIA} criteria: those scored in the most interviews, in their order`, () => {
    const keys = Array.from({ length: 10 }, (_, k) => `c${k}`);
    // c0 and c1 appear once; c2..c9 twice.
    const s = buildTrendSeries([
      interview(1, 5, [keys.map((k) => cs(k, 5))]),
      interview(2, 5, [keys.slice(2).map((k) => cs(k, 6))]),
    ]);
    expect(s.criteria.map((c) => c.key)).toEqual(keys.slice(2));
  });

  it('is empty for no interviews', () => {
    expect(buildTrendSeries([])).toEqual({ points: [], criteria: [] });
  });
});

describe('loadTrendInterviews', () => {
  async function seed(store: Store, guildId: string, userId: string, d: number, score: number | null, finish: 'completed' | 'abandoned' | null = 'completed'): Promise<string> {
    const r = await store.createInterview({ guildId, candidateUserId: userId, candidateName: 'Ann', textChannelId: null, voiceChannelId: null, jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 1, startedAt: day(d) });
    await store.saveAnswer({ guildId, interviewId: r.id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered', answerTranscript: 'A.', answerDurationMs: 1000, analytics: null, askedAt: day(d), answeredAt: day(d) });
    if (score !== null) await store.saveEvaluation(guildId, r.id, 1, { kind: 'scored', evaluation: { score, feedback: 'ok', strengths: [], improvements: [], evidence: '', criteria: [] } });
    if (finish) await store.finishInterview(guildId, r.id, finish, score);
    return r.id;
  }

  it("reads only this candidate's scored, finished interviews in this guild, newest first", async () => {
    const store = new MemoryStore();
    const a1 = await seed(store, 'g1', 'ann', 1, 4);
    await seed(store, 'g1', 'ann', 2, null); // finished without a score
    const a3 = await seed(store, 'g1', 'ann', 3, 6, 'abandoned');
    await seed(store, 'g1', 'bob', 4, 9);
    await seed(store, 'g2', 'ann', 5, 9);
    await seed(store, 'g1', 'ann', 6, 7, null); // still running
    const found = await loadTrendInterviews(store, { guildId: 'g1', userId: 'ann' });
    expect(found.map((d) => d.interview.id)).toEqual([a3, a1]);
    expect(found.every((d) => d.interview.guildId === 'g1' && d.interview.candidateUserId === 'ann')).toBe(true);
  });

  it('pages through the history and stops at 20', async () => {
    const store = new MemoryStore();
    for (let d = 1; d <= 27; d++) await seed(store, 'g1', 'ann', d, d % 11);
    const found = await loadTrendInterviews(store, { guildId: 'g1', userId: 'ann' });
    expect(found).toHaveLength(MAX_TREND_INTERVIEWS);
    expect(found.at(-1)?.interview.startedAt).toEqual(day(8));
  });

  it('skips unscored ones across pages, reading each interview once', async () => {
    const store = new MemoryStore();
    const scored: string[] = [];
    for (let d = 1; d <= 42; d++) {
      const id = await seed(store, 'g1', 'ann', d, d % 2 === 0 ? 5 : null);
      if (d % 2 === 0) scored.push(id);
    }
    const reads: string[] = [];
    const counting = { listInterviews: store.listInterviews.bind(store), getInterview: (g: string, id: string) => (reads.push(id), store.getInterview(g, id)) };
    const found = await loadTrendInterviews(counting, { guildId: 'g1', userId: 'ann' });
    expect(found.map((d) => d.interview.id)).toEqual(scored.reverse().slice(0, 20));
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads.length).toBeLessThanOrEqual(40);
  });

  it('stops when aborted', async () => {
    const store = new MemoryStore();
    await seed(store, 'g1', 'ann', 1, 4);
    const controller = new AbortController();
    controller.abort(new Error('budget spent'));
    await expect(loadTrendInterviews(store, { guildId: 'g1', userId: 'ann', signal: controller.signal })).rejects.toThrow('budget spent');
  });
});
