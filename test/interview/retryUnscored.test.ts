import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';
import type { EvaluationResult } from '../../src/interview/Store.ts';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { richAnswer, scriptedModel } from './fakes/scriptedModel.ts';

/** A finished interview of `total` questions whose answered ones are all still unscored. */
async function finishedUnscored(store: MemoryStore, guildId: string, answers: Array<string | null>): Promise<string> {
  const interview = await store.createInterview({
    guildId, candidateUserId: 'u1', candidateName: 'Jane', textChannelId: null, voiceChannelId: null,
    jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: answers.length,
  });
  for (const [i, answer] of answers.entries()) {
    await store.saveAnswer({
      guildId, interviewId: interview.id, number: i + 1, questionText: `Question ${i + 1}?`, isFallback: false,
      answerStatus: answer === null ? 'skipped' : 'answered', answerTranscript: answer, answerDurationMs: 1_000, analytics: null,
      askedAt: new Date(), answeredAt: new Date(),
    });
    if (answer !== null) await store.saveEvaluation(guildId, interview.id, i + 1, { kind: 'unscored', reason: 'AiError' });
  }
  await store.finishInterview(guildId, interview.id, 'completed', null);
  return interview.id;
}

/** A store whose saveEvaluation fails for one interview. */
class FlakyStore extends MemoryStore {
  failFor = '';
  override async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (interviewId === this.failFor) throw new Error('connection reset');
    return super.saveEvaluation(guildId, interviewId, number, result);
  }
}

describe('retryUnscored', () => {
  it('scores every unscored answer and sets the final score over all questions (skipped = 0)', async () => {
    const store = new MemoryStore();
    const id = await finishedUnscored(store, 'g1', [richAnswer('cache'), null, richAnswer('queue')]);
    const report = await retryUnscored(store, scriptedModel({ scoreFor: (a) => (a.includes('cache') ? 9 : 6) }));
    expect(report).toEqual({ scored: 2, failed: 0, skipped: 0, rescored: [{ guildId: 'g1', interviewId: id }] });
    const details = await store.getInterview('g1', id);
    expect(details?.questions.map((q) => q.score)).toEqual([9, null, 6]);
    expect(details?.interview.finalScore).toBe(5);
  });

  it('keeps the final score null while an answer fails again, and never invents one', async () => {
    const store = new MemoryStore();
    const id = await finishedUnscored(store, 'g1', [richAnswer('cache'), richAnswer('queue')]);
    const model = scriptedModel({ scoreFor: () => 8 });
    model.script(EVALUATION_SCHEMA_NAME, FakeLanguageModel.failure(false));
    const report = await retryUnscored(store, model);
    expect(report).toEqual({ scored: 1, failed: 1, skipped: 0, rescored: [{ guildId: 'g1', interviewId: id }] });
    const details = await store.getInterview('g1', id);
    expect(details?.questions.map((q) => q.evaluationStatus)).toEqual(['unscored', 'scored']);
    expect(details?.interview.finalScore).toBeNull();
  });

  it('a save that fails for one interview neither stops the pass nor leaves another without its final score', async () => {
    const store = new FlakyStore();
    const first = await finishedUnscored(store, 'g1', [richAnswer('cache')]);
    const second = await finishedUnscored(store, 'g2', [richAnswer('queue')]);
    const third = await finishedUnscored(store, 'g3', [richAnswer('cache')]);
    store.failFor = second;
    const report = await retryUnscored(store, scriptedModel({ scoreFor: () => 7 }));
    // The interview whose save failed is not reported as rescored: its posted results stay as they are.
    expect(report).toMatchObject({ scored: 2, failed: 1, skipped: 0 });
    expect(report.rescored).toHaveLength(2);
    expect(report.rescored).toEqual(expect.arrayContaining([{ guildId: 'g1', interviewId: first }, { guildId: 'g3', interviewId: third }]));
    expect((await store.getInterview('g1', first))?.interview.finalScore).toBe(7);
    expect((await store.getInterview('g3', third))?.interview.finalScore).toBe(7);
    expect((await store.getInterview('g2', second))?.interview.finalScore).toBeNull();
  });
});
