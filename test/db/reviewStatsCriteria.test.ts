import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import { answer, guild, newInterview, scored } from './contractFixtures.ts';

// review_stats reads the AI's per-criterion scores from questions.criteria (sql/010): this sets
// them on the rows directly and checks the stats pair and average them.
describe('review_stats with a questions.criteria column (rubric scoring)', () => {
  let db: PgliteClient;
  let store: SqlStore;
  beforeAll(async () => {
    db = await PgliteClient.open();
    await migrate(db);
    store = new SqlStore(db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('pairs the AI’s criterion scores with the mentor’s and averages the AI’s per criterion', async () => {
    const g = guild();
    const { id } = await store.createInterview(newInterview(g, { questionCount: 2 }));
    for (const n of [1, 2]) {
      await store.saveAnswer(answer(g, id, n));
      await store.saveEvaluation(g, id, n, scored(6 + n));
    }
    await store.finishInterview(g, id, 'completed', 7.5);
    await db.query(`update questions set criteria = $2::jsonb where interview_id = $1 and number = 1`, [id, JSON.stringify([{ key: 'depth', name: 'Depth', score: 6, evidence: '' }, { key: 'clarity', name: 'Clarity', score: 8.5, evidence: '' }])]);
    await db.query(`update questions set criteria = $2::jsonb where interview_id = $1 and number = 2`, [id, JSON.stringify([{ key: 'depth', name: 'Depth', score: 9, evidence: '' }])]);
    await store.saveReview({ guildId: g, interviewId: id, number: 1, reviewerUserId: 'm1', criteria: [{ key: 'depth', name: 'Depth', score: 5 }], note: '' });
    const stats = await store.getReviewStats({ guildId: g, since: new Date(0), weeksFrom: new Date(0) });
    expect(stats.pairs).toEqual([{ interviewId: id, number: 1, reviewerUserId: 'm1', aiScore: 7, aiCriteria: [{ key: 'depth', score: 6 }, { key: 'clarity', score: 8.5 }], mentorCriteria: [{ key: 'depth', name: 'Depth', score: 5 }] }]);
    expect(stats.aiCriteria).toEqual([
      { key: 'clarity', name: 'Clarity', mean: 8.5, count: 1 },
      { key: 'depth', name: 'Depth', mean: 7.5, count: 2 },
    ]);
  });
});
