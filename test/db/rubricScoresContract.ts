import { expect, it } from 'vitest';
import type { CriterionScore } from '../../src/interview/rubric.ts';
import type { EvaluationResult, Store } from '../../src/interview/Store.ts';
import { answer, guild, newInterview, scored } from './contractFixtures.ts';

const CRITERIA: CriterionScore[] = [
  { key: 'problem_solving', name: 'Problem solving', score: 7.5, evidence: 'I built a distributed cache in Go' },
  { key: 'trade_offs', name: 'Trade-offs — “costs”', score: 4, evidence: '' },
];

const withCriteria = (score: number, criteria: CriterionScore[]): EvaluationResult => {
  const base = scored(score);
  return { kind: 'scored', evaluation: { ...base.evaluation, criteria } };
};
const notEnough: EvaluationResult = { kind: 'not_enough', reason: 'the answer was only "fine"' };

/**
 * The Store contract for rubric scores (sql/010_rubric_scores.sql): criteria stored with their
 * score, not-enough-to-score verdicts, and the final score over the questions asked. Called
 * inside describeStoreContract, so it runs on every adapter; `store` gives that suite's store.
 */
export function rubricScoresContract(store: () => Store): void {
  it('stores the criterion scores of an evaluation and reads them back in order', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1));
    await store().saveAnswer(answer(g, id, 2, { answerStatus: 'skipped', answerTranscript: null }));
    await store().saveEvaluation(g, id, 1, withCriteria(6, CRITERIA));
    const questions = (await store().getInterview(g, id))?.questions ?? [];
    expect(questions[0]).toMatchObject({ evaluationStatus: 'scored', score: 6, criteria: CRITERIA });
    expect(questions[1]?.criteria).toEqual([]);
    // Another guild's write changes nothing.
    await store().saveEvaluation(guild(), id, 1, withCriteria(1, []));
    expect((await store().getInterview(g, id))?.questions[0]?.criteria).toEqual(CRITERIA);
  });

  it('refuses a criterion score outside 0-10 and keeps what was stored', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1));
    await store().saveEvaluation(g, id, 1, withCriteria(6, CRITERIA));
    await expect(store().saveEvaluation(g, id, 1, withCriteria(6, [{ ...CRITERIA[0]!, score: 11 }]))).rejects.toThrow(/check constraint/);
    expect((await store().getInterview(g, id))?.questions[0]).toMatchObject({ score: 6, criteria: CRITERIA });
  });

  it('a changed answer drops its criteria with the rest of its evaluation', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1));
    await store().saveEvaluation(g, id, 1, withCriteria(6, CRITERIA));
    await store().saveAnswer(answer(g, id, 1, { answerTranscript: 'A longer answer about the cache and its eviction.' }));
    expect((await store().getInterview(g, id))?.questions[0]).toMatchObject({ evaluationStatus: 'pending', score: null, criteria: [] });
  });

  it('stores "not enough to score" with its reason, never a number; final: not retried, not overwritten by a failure', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1, { answerTranscript: 'Fine.' }));
    await store().saveEvaluation(g, id, 1, { kind: 'unscored', reason: 'AiError' });
    await store().saveEvaluation(g, id, 1, notEnough);
    await store().saveEvaluation(g, id, 1, { kind: 'unscored', reason: 'AiError' });
    const q = (await store().getInterview(g, id))?.questions[0];
    expect(q).toMatchObject({ evaluationStatus: 'not_enough', score: null, feedback: 'the answer was only "fine"', criteria: [], strengths: [], improvements: [] });
    expect(q?.evaluatedAt).toBeInstanceOf(Date);
    await store().finishInterview(g, id, 'completed', 0);
    expect((await store().listUnscored(1000)).filter((u) => u.guildId === g)).toEqual([]);
  });

  it('start-up recovery: the final score is the mean over the questions asked, not enough counting 0', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g, { questionCount: 10 }));
    await store().saveAnswer(answer(g, id, 1));
    await store().saveEvaluation(g, id, 1, withCriteria(9, CRITERIA));
    await store().saveAnswer(answer(g, id, 2, { answerTranscript: 'Fine.' }));
    await store().saveEvaluation(g, id, 2, notEnough);
    await store().saveAnswer(answer(g, id, 3, { answerStatus: 'unanswered', answerTranscript: null }));
    const [marked] = await store().markInterrupted([g]);
    expect(marked).toMatchObject({ id, status: 'interrupted', finalScore: 3 }); // (9 + 0 + 0) / 3 asked of 10
  });
}
