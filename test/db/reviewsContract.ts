import { expect, it } from 'vitest';
import type { ReviewCriterionScore, ReviewInput } from '../../src/interview/review.ts';
import type { Store } from '../../src/interview/Store.ts';
import { answer, guild, newInterview, scored } from './contractFixtures.ts';

/**
 * The Store contract for mentor reviews (sql/012_mentor_reviews.sql). Called inside
 * describeStoreContract, so it runs on every adapter; `store` gives that suite's open store.
 * (Row-level security on mentor_reviews is checked with the other tables in pglite.test.ts and
 * postgres.test.ts.)
 */
export function reviewsContract(store: () => Store): void {
  const criteria = (...scores: number[]): ReviewCriterionScore[] => scores.map((score, k) => ({ key: `c${k}`, name: `Criterion “${k}”`, score }));
  const review = (g: string, interviewId: string, number: number, over: Partial<ReviewInput> = {}): ReviewInput => ({
    guildId: g, interviewId, number, reviewerUserId: 'mentor-1', criteria: criteria(6, 7.5), note: 'Good structure — “quantify” more.', ...over,
  });

  /** A finished interview with `scores.length` answers scored as given (null: left unscored). */
  async function interview(s: Store, g: string, scores: Array<number | null>, startedAt?: Date): Promise<string> {
    const { id } = await s.createInterview(newInterview(g, { questionCount: Math.max(1, scores.length), ...(startedAt ? { startedAt } : {}) }));
    for (const [k, score] of scores.entries()) {
      await s.saveAnswer(answer(g, id, k + 1));
      await s.saveEvaluation(g, id, k + 1, score === null ? { kind: 'unscored', reason: 'timeout' } : scored(score));
    }
    await s.finishInterview(g, id, 'completed', null);
    return id;
  }

  it('saves a review per mentor per question, replaces it on saving again, and lists them by question', async () => {
    const s = store();
    const g = guild();
    const id = await interview(s, g, [7, 5]);
    expect(await s.saveReview(review(g, id, 2))).toEqual({ replaced: false, firstForInterview: true });
    expect(await s.saveReview(review(g, id, 1))).toEqual({ replaced: false, firstForInterview: false });
    expect(await s.saveReview(review(g, id, 1, { reviewerUserId: 'mentor-2', note: '' }))).toEqual({ replaced: false, firstForInterview: true });
    const replaced = await s.saveReview(review(g, id, 2, { criteria: criteria(9, 10, 0.5), note: 'Changed my mind.' }));
    expect(replaced).toEqual({ replaced: true, firstForInterview: false });
    const listed = await s.listReviews(g, id);
    expect(listed.map((r) => [r.number, r.reviewerUserId, r.criteria.map((c) => c.score), r.note])).toEqual([
      [1, 'mentor-1', [6, 7.5], 'Good structure — “quantify” more.'],
      [1, 'mentor-2', [6, 7.5], ''],
      [2, 'mentor-1', [9, 10, 0.5], 'Changed my mind.'],
    ]);
    expect(listed[0]).toMatchObject({ guildId: g, interviewId: id, criteria: criteria(6, 7.5) });
    expect(listed[2]!.updatedAt.getTime()).toBeGreaterThanOrEqual(listed[2]!.createdAt.getTime());
    expect(listed[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('is scoped by guild: another guild sees no reviews and cannot write to this one’s interview', async () => {
    const s = store();
    const g = guild();
    const other = guild();
    const id = await interview(s, g, [7]);
    await s.saveReview(review(g, id, 1));
    expect(await s.listReviews(other, id)).toEqual([]);
    expect(await s.saveReview(review(other, id, 1, { note: 'intruder' }))).toBeNull();
    expect((await s.listReviews(g, id)).map((r) => r.note)).toEqual(['Good structure — “quantify” more.']);
    const stats = await s.getReviewStats({ guildId: other, since: new Date(0), weeksFrom: new Date(0) });
    expect(stats).toEqual({ pairs: [], aiCriteria: [], weeks: [] });
  });

  it('stores nothing for a question or interview that does not exist, or a malformed id', async () => {
    const s = store();
    const g = guild();
    const id = await interview(s, g, [7]);
    expect(await s.saveReview(review(g, id, 2))).toBeNull();
    expect(await s.saveReview(review(g, '00000000-0000-4000-8000-000000000000', 1))).toBeNull();
    expect(await s.saveReview(review(g, 'not-a-uuid', 1))).toBeNull();
    expect(await s.listReviews(g, 'not-a-uuid')).toEqual([]);
    expect(await s.listReviews(g, id)).toEqual([]);
  });

  it('refuses criteria that are not 1–5 with unique keys and scores 0–10 in half points, and a note over 1000 characters', async () => {
    const s = store();
    const g = guild();
    const id = await interview(s, g, [7]);
    await s.saveReview(review(g, id, 1));
    const bad: ReviewCriterionScore[][] = [[], criteria(1, 2, 3, 4, 5, 6), criteria(11), criteria(-0.5), criteria(7.3), [{ key: 'a', name: 'A', score: 1 }, { key: 'a', name: 'B', score: 2 }], [{ key: '', name: 'A', score: 1 }]];
    for (const c of bad) await expect(s.saveReview(review(g, id, 1, { criteria: c })), JSON.stringify(c)).rejects.toThrow(/check constraint/);
    await expect(s.saveReview(review(g, id, 1, { note: 'x'.repeat(1001) }))).rejects.toThrow(/check constraint/);
    expect(await s.saveReview(review(g, id, 1, { criteria: criteria(0, 10, 1, 2, 3), note: 'é'.repeat(1000) }))).toEqual({ replaced: true, firstForInterview: false });
    expect((await s.listReviews(g, id))[0]!.criteria.map((c) => c.score)).toEqual([0, 10, 1, 2, 3]);
  });

  it('deletes the reviews with their interview', async () => {
    const s = store();
    const g = guild();
    const id = await interview(s, g, [7, 6]);
    await s.saveReview(review(g, id, 1));
    await s.saveReview(review(g, id, 2, { reviewerUserId: 'mentor-2' }));
    expect(await s.deleteInterview(g, id)).toBe(true);
    expect(await s.listReviews(g, id)).toEqual([]);
    expect((await s.getReviewStats({ guildId: g, since: new Date(0), weeksFrom: new Date(0) })).pairs).toEqual([]);
  });

  it('gives the stats: each review beside the AI score of scored answers since the date, and interviews per week', async () => {
    const s = store();
    const g = guild();
    const at = (day: number): Date => new Date(Date.UTC(2026, 10, day, 12, 0, 0)); // November 2026; the 2nd and 30th are Mondays
    const old = await interview(s, g, [3], at(2));
    const a = await interview(s, g, [7, null, 5], at(10));
    const b = await interview(s, g, [9], at(11));
    await interview(s, g, [4], at(30));
    await s.saveReview(review(g, old, 1));
    await s.saveReview(review(g, a, 1, { criteria: criteria(8, 6) }));
    await s.saveReview(review(g, a, 2)); // unscored by the AI: no pair
    await s.saveReview(review(g, a, 3, { reviewerUserId: 'mentor-2', criteria: criteria(4) }));
    await s.saveReview(review(g, b, 1, { criteria: criteria(10, 9.5, 9) }));
    const stats = await s.getReviewStats({ guildId: g, since: at(9), weeksFrom: new Date(Date.UTC(2026, 10, 9)) });
    expect(stats.pairs).toEqual([
      { interviewId: a, number: 1, reviewerUserId: 'mentor-1', aiScore: 7, aiCriteria: [], mentorCriteria: criteria(8, 6) },
      { interviewId: a, number: 3, reviewerUserId: 'mentor-2', aiScore: 5, aiCriteria: [], mentorCriteria: criteria(4) },
      { interviewId: b, number: 1, reviewerUserId: 'mentor-1', aiScore: 9, aiCriteria: [], mentorCriteria: criteria(10, 9.5, 9) },
    ]);
    // No AI criterion scores are stored by saveEvaluation yet (rubric scoring fills them).
    expect(stats.aiCriteria).toEqual([]);
    expect(stats.weeks).toEqual([
      { weekStart: new Date(Date.UTC(2026, 10, 9)), interviews: 2 },
      { weekStart: new Date(Date.UTC(2026, 10, 30)), interviews: 1 },
    ]);
    const all = await s.getReviewStats({ guildId: g, since: new Date(0), weeksFrom: new Date(0) });
    expect(all.pairs.map((p) => p.aiScore)).toEqual([3, 7, 5, 9]);
    expect(all.weeks.map((w) => w.interviews)).toEqual([1, 2, 1]);
  });
}
