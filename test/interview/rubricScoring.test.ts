import { describe, expect, it } from 'vitest';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { loadRubric } from '../../src/interview/loadRubric.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { DEFAULT_RUBRICS, type RubricCriterion } from '../../src/interview/rubric.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { testLogger } from '../ai/testLogger.ts';
import { makeSession } from './fakes/makeSession.ts';
import { fencedBlock, richAnswer, scriptedModel, userText } from './fakes/scriptedModel.ts';
import { trackSessions } from './fakes/trackSessions.ts';

const track = trackSessions();

const RUBRIC: RubricCriterion[] = [
  { key: 'impact', name: 'Impact', anchors: { low: 'No outcome.', mid: 'Some outcome.', high: 'MEASURED-IMPACT with numbers.' } },
  { key: 'clarity', name: 'Clarity', anchors: { low: 'Rambling.', mid: 'Mostly clear.', high: 'Crisp.' } },
];

describe('rubric scoring in an interview', () => {
  it('scores every answer on the rubric given at the start; a "fine" answer is not enough to score (0, not sent to the model)', async () => {
    const model = scriptedModel({ scoreFor: () => 7 });
    const answers = [{ transcript: richAnswer('cache') }, { transcript: 'Fine.' }];
    const { session, store, interviewId, guildId } = await track(makeSession({ model, answers, total: 2, overrides: { rubric: RUBRIC } }));
    const result = await session.run();
    expect(result.status).toBe('completed');
    const details = await store.getInterview(guildId, interviewId);
    const [q1, q2] = details?.questions ?? [];
    expect(q1).toMatchObject({ evaluationStatus: 'scored', score: 7, criteria: [{ key: 'impact', name: 'Impact', score: 7 }, { key: 'clarity', name: 'Clarity', score: 7 }] });
    expect(q1?.criteria[0]?.evidence).not.toBe('');
    expect(q2).toMatchObject({ answerStatus: 'answered', evaluationStatus: 'not_enough', score: null, feedback: 'the answer was only "fine"', criteria: [] });
    // Counted 0 over the 2 asked, and the interview still gets its final score.
    expect(result.finalScore).toBe(3.5);
    expect(details?.interview.finalScore).toBe(3.5);
    const calls = model.callsFor(EVALUATION_SCHEMA_NAME);
    expect(calls).toHaveLength(1);
    expect(fencedBlock(userText(calls[0]!.messages), 'RUBRIC')).toContain('9 = MEASURED-IMPACT with numbers.');
    expect(result.questions[1]).toMatchObject({ evaluationStatus: 'not_enough', evaluation: null, notEnoughReason: 'the answer was only "fine"' });
  });

  it('retryUnscored settles a short unscored answer as not enough to score, for good', async () => {
    const store = new MemoryStore();
    const interview = await store.createInterview({
      guildId: 'g1', candidateUserId: 'u1', candidateName: 'Jane', textChannelId: null, voiceChannelId: null,
      jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: 5,
    });
    for (const [i, answer] of [richAnswer('queue'), "I don't know."].entries()) {
      await store.saveAnswer({
        guildId: 'g1', interviewId: interview.id, number: i + 1, questionText: `Question ${i + 1}?`, isFallback: false, answerStatus: 'answered',
        answerTranscript: answer, answerDurationMs: 1_000, analytics: null, askedAt: new Date(), answeredAt: new Date(),
      });
      await store.saveEvaluation('g1', interview.id, i + 1, { kind: 'unscored', reason: 'AiError' });
    }
    await store.finishInterview('g1', interview.id, 'abandoned', null);
    await store.saveRubric('g1', 'technical', RUBRIC);
    const model = scriptedModel({ scoreFor: () => 9 });
    expect(await retryUnscored(store, model)).toMatchObject({ scored: 2, failed: 0 });
    const details = await store.getInterview('g1', interview.id);
    expect(details?.questions.map((q) => q.evaluationStatus)).toEqual(['scored', 'not_enough']);
    // The late evaluation used the server's rubric.
    expect(details?.questions[0]?.criteria.map((c) => c.key)).toEqual(['impact', 'clarity']);
    expect(details?.interview.finalScore).toBe(4.5); // (9 + 0) over the 2 asked of 5
    expect(await store.listUnscored(10)).toEqual([]);
    expect(await retryUnscored(store, model)).toMatchObject({ scored: 0, failed: 0, skipped: 0 });
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
  });

  it('loadRubric: the server rubric, the defaults without one, and the defaults with a log line when the store fails', async () => {
    const store = new MemoryStore();
    expect(await loadRubric(store, 'g1', 'hr')).toBe(DEFAULT_RUBRICS.hr);
    await store.saveRubric('g1', 'hr', RUBRIC);
    expect(await loadRubric(store, 'g1', 'hr')).toEqual(RUBRIC);
    expect(await loadRubric(store, 'g2', 'hr')).toBe(DEFAULT_RUBRICS.hr);
    const { logger, lines } = testLogger();
    store.getRubric = () => Promise.reject(new Error('connection refused'));
    expect(await loadRubric(store, 'g1', 'hr', logger)).toBe(DEFAULT_RUBRICS.hr);
    expect(lines.join('\n')).toContain('default rubric');
  });
});
