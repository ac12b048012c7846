import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { entersStatus } from '../../src/interview/entersStatus.ts';
import { FALLBACK_QUESTIONS } from '../../src/interview/fallbackQuestions.ts';
import { QUESTION_SCHEMA_NAME } from '../../src/interview/QuestionGenerator.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { makeSession, movableClock } from './fakes/makeSession.ts';
import { fencedBlock, QUESTIONS, richAnswer, scriptedModel, userText } from './fakes/scriptedModel.ts';

const track = trackSessions();

describe('InterviewSession', () => {
  it('runs a full 3-question interview and stores every field', async () => {
    const model = scriptedModel({ scoreFor: (a) => (a.includes('cache') ? 8 : 6) });
    const answers = [{ transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }, { transcript: richAnswer('alerting') }];
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, answers }));
    const result = await session.run();

    expect(result.status).toBe('completed');
    expect(io.spoken.map((s) => s.text)).toEqual(QUESTIONS.slice(0, 3));
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview.status).toBe('completed');
    expect(details?.interview.finalScore).toBeCloseTo((8 + 6 + 6) / 3, 2);
    expect(details?.questions.map((q) => q.number)).toEqual([1, 2, 3]);
    for (const [i, q] of (details?.questions ?? []).entries()) {
      expect(q.questionText).toBe(QUESTIONS[i]);
      expect(q.isFallback).toBe(false);
      expect(q.answerStatus).toBe('answered');
      expect(q.answerTranscript).toBe(answers[i]?.transcript);
      expect(q.evaluationStatus).toBe('scored');
      expect(q.feedback).toBe('Clear and specific.');
      expect(q.strengths).toEqual(['concrete example']);
      expect(q.improvements).toEqual(['quantify the impact']);
      expect(q.evidence).toBe('In my last project I');
      expect(q.analytics?.wordCount).toBeGreaterThan(10);
      expect(q.answerDurationMs).toBe(5_000);
    }
    // Answers are saved before their evaluation; the interview is finished last.
    expect(store.log.indexOf('saveAnswer 1 answered')).toBeLessThan(store.log.indexOf('saveEvaluation 1 scored'));
    expect(store.log.at(-1)).toMatch(/^finishInterview completed 6\.67/);
    // The card shows n/N.
    const asking = io.views.filter((v) => v.phase === 'asking').map((v) => `${v.number}/${v.total}`);
    expect(asking).toEqual(['1/3', '2/3', '3/3']);
    // Every previous question and answer is in the prompt for the next question.
    const q3 = model.callsFor(QUESTION_SCHEMA_NAME).find((c) => userText(c.messages).includes('question 3 of 3'));
    expect(userText(q3?.messages ?? [])).toContain(QUESTIONS[0]);
    expect(fencedBlock(userText(q3?.messages ?? []), 'ANSWER_2')).toBe(answers[1]?.transcript);
  });

  it('repeats the question within the window and refuses after it', async () => {
    const clock = movableClock();
    const { session, io } = await track(makeSession({ model: scriptedModel(), total: 1, overrides: { clock, repeatWindowMs: 120_000 } }));
    const done = session.run();
    const first = await io.capture(0);
    expect(session.view.allowed.repeat).toBe(true);
    expect(session.repeat()).toBe(true);
    expect(first.cancelled).toBe(true);
    await entersStatus(session, 'answering', 5_000); // asked again, then listening
    expect(io.spoken[1]?.completed).toBe(true);
    expect(io.spoken.map((s) => s.text)).toEqual([QUESTIONS[0], QUESTIONS[0]]);
    const second = await io.capture(1);
    clock.advance(121_000);
    expect(session.view.allowed.repeat).toBe(false);
    expect(session.repeat()).toBe(false);
    expect(io.spoken).toHaveLength(2);
    second.end(richAnswer('cache'));
    expect((await done).questions[0]?.answerStatus).toBe('answered');
  });

  it('records a skipped question as skipped, scoring 0, never sent to the model', async () => {
    const model = scriptedModel({ scoreFor: () => 9 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2, io: undefined }));
    const done = session.run();
    await io.capture(0);
    expect(session.skip()).toBe(true);
    const c2 = await io.capture(1);
    c2.end(richAnswer('migration'));
    const result = await done;
    expect(result.questions.map((q) => q.answerStatus)).toEqual(['skipped', 'answered']);
    expect(result.finalScore).toBe(4.5);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
    const q1 = (await store.getInterview(guildId, interviewId))?.questions[0];
    expect(q1?.answerStatus).toBe('skipped');
    expect(q1?.answerTranscript).toBeNull();
    expect(q1?.evaluationStatus).toBe('not_applicable');
  });

  it('records an empty answer as unanswered and does not send it to the model', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    const answers = [{ transcript: '   ', endReason: 'no_speech' as const }, { transcript: richAnswer('migration') }];
    const { session, store, interviewId, guildId } = await track(makeSession({ model, total: 2, answers }));
    const result = await session.run();
    expect(result.questions.map((q) => q.answerStatus)).toEqual(['unanswered', 'answered']);
    expect(result.finalScore).toBe(4);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
    const q1 = (await store.getInterview(guildId, interviewId))?.questions[0];
    expect(q1?.answerStatus).toBe('unanswered');
    expect(q1?.score).toBeNull();
  });

  it('stops early as abandoned, keeping what was answered; the final score counts the questions asked', async () => {
    const model = scriptedModel({ scoreFor: () => 6 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 3 }));
    const done = session.run();
    (await io.capture(0)).end(richAnswer('cache'));
    const c2 = await io.capture(1);
    expect(session.stop('mentor')).toBe(true);
    // The answer in progress is finished, not thrown away; nothing was said, so it is unanswered.
    expect(c2.finished).toBe(true);
    expect(c2.cancelled).toBe(false);
    const result = await done;
    expect(result.status).toBe('abandoned');
    expect(result.reason).toBe('stopped by mentor');
    expect(result.finalScore).toBe(3); // (6 + 0) over the 2 asked; the third was never asked
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview.status).toBe('abandoned');
    expect(details?.questions.map((q) => q.answerStatus)).toEqual(['answered', 'unanswered']);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
    expect(session.skip()).toBe(false);
  });

  it('pauses while the candidate is away and asks the question again when they return', async () => {
    const { session, io } = await track(makeSession({ model: scriptedModel(), total: 1 }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial('In my last');
    expect(session.candidateLeft()).toBe(true);
    expect(session.state.status).toBe('paused');
    // Finished and held (saved if they never come back); replaced by the new answer here.
    expect(c1.finished).toBe(true);
    expect(c1.cancelled).toBe(false);
    expect(session.view.phase).toBe('paused');
    expect(session.candidateReturned()).toBe(true);
    const c2 = await io.capture(1);
    expect(io.spoken.map((s) => s.text)).toEqual([QUESTIONS[0], QUESTIONS[0]]);
    c2.end(richAnswer('cache'));
    const result = await done;
    expect(result.status).toBe('completed');
    expect(result.questions.map((q) => [q.answerStatus, q.answerTranscript])).toEqual([['answered', richAnswer('cache')]]);
  });

  it('abandons after the rejoin timeout, keeping answered questions', async () => {
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model: scriptedModel(), total: 3, overrides: { rejoinTimeoutMs: 80 } }));
    const done = session.run();
    (await io.capture(0)).end(richAnswer('cache'));
    await io.capture(1);
    session.candidateLeft();
    const result = await done;
    expect(result.status).toBe('abandoned');
    expect(result.reason).toBe('candidate did not return');
    const details = await store.getInterview(guildId, interviewId);
    // Question 2 was left before a word was said: recorded as unanswered.
    expect(details?.questions.map((q) => q.answerStatus)).toEqual(['answered', 'unanswered']);
    expect(details?.questions[0]?.evaluationStatus).toBe('scored');
  });

  it('uses a fallback question from the bank when generation fails after retries, and records it', async () => {
    const model = scriptedModel();
    model.script(QUESTION_SCHEMA_NAME, FakeLanguageModel.failure(true), FakeLanguageModel.failure(true), FakeLanguageModel.failure(true));
    const { session, store, interviewId, guildId } = await track(makeSession({ model, total: 2, answers: [{ transcript: richAnswer('x') }, { transcript: richAnswer('y') }] }));
    const result = await session.run();
    expect(model.callsFor(QUESTION_SCHEMA_NAME).slice(0, 3).map((c) => c.outcome)).toEqual(['error', 'error', 'error']);
    const q = (await store.getInterview(guildId, interviewId))?.questions ?? [];
    expect(q[0]?.isFallback).toBe(true);
    expect(FALLBACK_QUESTIONS.technical).toContain(q[0]?.questionText);
    expect(q[1]?.isFallback).toBe(false);
    expect(result.questions[0]?.isFallback).toBe(true);
  });

  it('leaves a failed evaluation unscored (no invented score); retryUnscored scores it later', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    model.script(EVALUATION_SCHEMA_NAME, FakeLanguageModel.failure(true), FakeLanguageModel.failure(true), FakeLanguageModel.failure(true));
    const answers = [{ transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }];
    const { session, store, interviewId, guildId } = await track(makeSession({ model, total: 2, answers }));
    const result = await session.run();
    expect(result.questions.map((q) => q.evaluationStatus)).toEqual(['unscored', 'scored']);
    expect(result.finalScore).toBeNull();
    let details = await store.getInterview(guildId, interviewId);
    expect(details?.interview.finalScore).toBeNull();
    expect(details?.questions[0]?.score).toBeNull();

    const report = await retryUnscored(store, model);
    expect(report).toMatchObject({ scored: 1, failed: 0, skipped: 0, rescored: [{ interviewId: expect.any(String) }] });
    details = await store.getInterview(guildId, interviewId);
    expect(details?.questions[0]?.evaluationStatus).toBe('scored');
    expect(details?.questions[0]?.score).toBe(8);
    expect(details?.interview.finalScore).toBe(8);
  });

  it('runs the evaluation beside the next question generation, never holding it up', async () => {
    const model = scriptedModel({ questionDelayMs: 150, evaluationDelayMs: 600 });
    const answers = [{ transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }];
    const { session, io } = await track(makeSession({ model, total: 2, answers, overrides: { speculate: false } }));
    const result = await session.run();
    const eval1 = model.callsFor(EVALUATION_SCHEMA_NAME)[0];
    const gen2 = model.callsFor(QUESTION_SCHEMA_NAME)[1];
    expect(eval1 && gen2).toBeTruthy();
    // The two calls overlap in time.
    expect(gen2!.startedAtMs).toBeLessThan(eval1!.endedAtMs!);
    expect(eval1!.startedAtMs).toBeLessThan(gen2!.endedAtMs!);
    // Question 2 was spoken before evaluation 1 finished.
    expect(io.spoken[1]!.atMs).toBeLessThan(eval1!.endedAtMs!);
    expect(result.finalScore).toBe(7);
  });

  it('interrupts on shutdown: answered questions saved, status interrupted', async () => {
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model: scriptedModel(), total: 3 }));
    const done = session.run();
    (await io.capture(0)).end(richAnswer('cache'));
    await io.capture(1);
    const result = await session.shutdown();
    expect(result.status).toBe('interrupted');
    expect(await done).toBe(result);
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview.status).toBe('interrupted');
    expect(details?.questions.map((q) => q.answerStatus)).toEqual(['answered', 'unanswered']);
  });

  it("asks for every question and every evaluation in the interview's language", async () => {
    const model = scriptedModel();
    const answers = [{ transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }];
    const { session } = await track(makeSession({ model, total: 2, language: 'Français', answers }));
    await session.run();
    const calls = [...model.callsFor(QUESTION_SCHEMA_NAME), ...model.callsFor(EVALUATION_SCHEMA_NAME)];
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const c of calls) {
      expect(c.messages[0]?.content).toMatch(/in the language named in the LANGUAGE block/);
      expect(fencedBlock(userText(c.messages), 'LANGUAGE')).toBe('Français');
    }
  });

  it('asks a follow-up after a shallow answer', async () => {
    const model = scriptedModel();
    const answers = [{ transcript: 'Yes, I used Go.' }, { transcript: richAnswer('migration') }];
    const { session } = await track(makeSession({ model, total: 2, answers }));
    await session.run();
    const [g1, g2] = model.callsFor(QUESTION_SCHEMA_NAME);
    expect(g1?.messages[0]?.content).toContain('Move to a new topic');
    expect(g2?.messages[0]?.content).toContain('ask a follow-up');
    expect(g1?.messages[0]?.content).not.toContain('ask a follow-up');
  });
});
