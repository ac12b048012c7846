import { describe, expect, it } from 'vitest';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { makeSession } from './fakes/makeSession.ts';
import { richAnswer, scriptedModel, userText } from './fakes/scriptedModel.ts';

/**
 * "It never loses their interview": an answer cut short (stop, shutdown, candidate gone) is
 * finished, not cancelled, and what the candidate said is saved.
 */

const track = trackSessions();

const PARTIAL = 'In my last project I built a distributed cache in Go';
const LAST_WORDS = 'and we reduced latency by forty percent';

describe('an answer cut short keeps its words', () => {
  it('stop mid-answer: finishes the capture, waits for the last segment, saves and evaluates it; the final score reflects it', async () => {
    const model = scriptedModel({ scoreFor: (a) => (a.includes('reduced latency') ? 9 : 6) });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 3 }));
    const done = session.run();
    (await io.capture(0)).end(richAnswer('alerting'));
    const c2 = await io.capture(1);
    c2.partial(PARTIAL);
    c2.lastWords = LAST_WORDS;
    c2.finishDelayMs = 100; // the last segment is still being transcribed
    expect(session.stop('candidate')).toBe(true);
    expect(c2.finished).toBe(true);
    expect(c2.cancelled).toBe(false);
    const result = await done;
    expect(result.status).toBe('abandoned');
    expect(result.reason).toBe('stopped by candidate');
    const q2 = result.questions[1];
    expect(q2).toMatchObject({ number: 2, answerStatus: 'answered', answerTranscript: `${PARTIAL} ${LAST_WORDS}`, evaluationStatus: 'scored' });
    expect(q2?.evaluation?.score).toBe(9);
    // Mean over the 2 questions asked (of 3): (6 + 9) / 2; the never-asked third does not count.
    expect(result.finalScore).toBe(7.5);
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview).toMatchObject({ status: 'abandoned', finalScore: 7.5 });
    expect(details?.questions.map((q) => [q.answerStatus, q.evaluationStatus, q.score])).toEqual([['answered', 'scored', 6], ['answered', 'scored', 9]]);
    expect(details?.questions[1]?.answerTranscript).toBe(`${PARTIAL} ${LAST_WORDS}`);
    expect(details?.questions[1]?.analytics?.wordCount).toBe(`${PARTIAL} ${LAST_WORDS}`.split(' ').length);
    // The evaluation judged the partial answer, and the interview was finished after it was saved.
    expect(model.callsFor(EVALUATION_SCHEMA_NAME).map((c) => userText(c.messages)).some((t) => t.includes(LAST_WORDS))).toBe(true);
    expect(store.log.indexOf('saveEvaluation 2 scored')).toBeLessThan(store.log.findIndex((l) => l.startsWith('finishInterview abandoned')));
  });

  it('stop mid-answer with nothing said: saved as unanswered, not sent to the model', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2 }));
    const done = session.run();
    await io.capture(0);
    expect(session.stop('mentor')).toBe(true);
    const result = await done;
    expect(result.questions.map((q) => q.answerStatus)).toEqual(['unanswered']);
    expect(result.finalScore).toBe(0);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(0);
    expect((await store.getInterview(guildId, interviewId))?.questions[0]).toMatchObject({ answerStatus: 'unanswered', answerTranscript: null, evaluationStatus: 'not_applicable' });
  });

  it('stop mid-answer when the capture does not finish in time: cancelled after the bound, the live transcript saved', async () => {
    const model = scriptedModel({ scoreFor: () => 7 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2, overrides: { finishAnswerWaitMs: 150 } }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial(PARTIAL);
    c1.finish = () => {
      c1.finished = true; // a stuck transcription: never settles on its own
    };
    const stoppedAtMs = performance.now();
    session.stop('candidate');
    const result = await done;
    expect(performance.now() - stoppedAtMs).toBeGreaterThanOrEqual(140);
    expect(c1.finished).toBe(true);
    expect(c1.cancelled).toBe(true);
    expect(result.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: PARTIAL, evaluationStatus: 'scored' });
    expect(result.finalScore).toBe(7); // one question asked (of 2)
    expect((await store.getInterview(guildId, interviewId))?.questions[0]?.answerTranscript).toBe(PARTIAL);
  });

  it('shutdown mid-answer: the partial answer is saved as answered with its evaluation pending (never a made-up score); retryUnscored scores it later', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 3 }));
    const done = session.run();
    (await io.capture(0)).end(richAnswer('alerting'));
    const c2 = await io.capture(1);
    await io.until(() => store.log.includes('saveEvaluation 1 scored'));
    c2.partial(PARTIAL);
    c2.lastWords = LAST_WORDS;
    c2.finishDelayMs = 100;
    const result = await session.shutdown();
    expect(await done).toBe(result);
    expect(c2.finished).toBe(true);
    expect(c2.cancelled).toBe(false);
    expect(result.status).toBe('interrupted');
    expect(result.questions[1]).toMatchObject({ answerStatus: 'answered', answerTranscript: `${PARTIAL} ${LAST_WORDS}`, evaluationStatus: 'pending', evaluation: null });
    expect(result.finalScore).toBeNull();
    // No evaluation of answer 2 was even asked for at shutdown.
    expect(model.callsFor(EVALUATION_SCHEMA_NAME).some((c) => userText(c.messages).includes(LAST_WORDS))).toBe(false);
    let details = await store.getInterview(guildId, interviewId);
    expect(details?.interview).toMatchObject({ status: 'interrupted', finalScore: null });
    expect(details?.questions[1]).toMatchObject({ answerStatus: 'answered', answerTranscript: `${PARTIAL} ${LAST_WORDS}`, evaluationStatus: 'pending', score: null });

    expect(await retryUnscored(store, model)).toMatchObject({ scored: 1, failed: 0, skipped: 0, rescored: [{ interviewId: expect.any(String) }] });
    details = await store.getInterview(guildId, interviewId);
    expect(details?.questions[1]).toMatchObject({ evaluationStatus: 'scored', score: 8 });
    expect(details?.interview.finalScore).toBe(8); // (8 + 8) over the 2 asked
  });

  it('shutdown mid-answer waits at most its shorter bound, then saves the live transcript', async () => {
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model: scriptedModel(), total: 2, overrides: { shutdownAnswerWaitMs: 100, finishAnswerWaitMs: 60_000 } }));
    void session.run();
    const c1 = await io.capture(0);
    c1.partial(PARTIAL);
    c1.finish = () => {
      c1.finished = true;
    };
    const startedAtMs = performance.now();
    const result = await session.shutdown();
    expect(performance.now() - startedAtMs).toBeLessThan(5_000);
    expect(c1.cancelled).toBe(true);
    expect(result.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: PARTIAL, evaluationStatus: 'pending' });
    expect((await store.getInterview(guildId, interviewId))?.questions[0]?.answerTranscript).toBe(PARTIAL);
  });

  it('candidate leaves mid-answer and never returns: the held partial answer is saved and evaluated before abandoning', async () => {
    const model = scriptedModel({ scoreFor: () => 6 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2, overrides: { rejoinTimeoutMs: 150 } }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial(PARTIAL);
    c1.lastWords = LAST_WORDS;
    session.candidateLeft();
    expect(c1.finished).toBe(true);
    expect(c1.cancelled).toBe(false);
    // Held, not final yet (they may come back): only the provisional row of the words so far, not evaluated.
    await new Promise((r) => setTimeout(r, 50));
    expect(store.log.filter((l) => l.startsWith('saveAnswer'))).toEqual(['saveAnswer 1 answered']);
    expect((await store.getInterview(guildId, interviewId))?.questions[0]).toMatchObject({ answerTranscript: PARTIAL, evaluationStatus: 'pending' });
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(0);
    const result = await done;
    expect(result).toMatchObject({ status: 'abandoned', reason: 'candidate did not return', finalScore: 6 });
    expect(result.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: `${PARTIAL} ${LAST_WORDS}`, evaluationStatus: 'scored' });
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview).toMatchObject({ status: 'abandoned', finalScore: 6 });
    expect(details?.questions.map((q) => [q.number, q.answerStatus, q.answerTranscript])).toEqual([[1, 'answered', `${PARTIAL} ${LAST_WORDS}`]]);
  });

  it('candidate leaves mid-answer and returns: the question is asked again and the new answer replaces the held one', async () => {
    const model = scriptedModel({ scoreFor: () => 7 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 1, overrides: { rejoinTimeoutMs: 60_000 } }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial(PARTIAL);
    session.candidateLeft();
    session.candidateReturned();
    const c2 = await io.capture(1);
    expect(io.spoken).toHaveLength(2);
    c2.end(richAnswer('migration'));
    const result = await done;
    expect(result.status).toBe('completed');
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.questions.map((q) => q.answerTranscript)).toEqual([richAnswer('migration')]);
    // The provisional row of the held words is voided when the question is asked again (coalesced
    // here: the void replaced it before it was written), then the final answer.
    expect(store.log.filter((l) => l.startsWith('saveAnswer'))).toEqual(['saveAnswer 1 unanswered', 'saveAnswer 1 answered']);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
  });

  it('stopped or shut down while the candidate is away mid-answer: the held answer is saved', async () => {
    const model = scriptedModel({ scoreFor: () => 4 });
    const a = await track(makeSession({ model, total: 2 }));
    const doneA = a.session.run();
    (await a.io.capture(0)).partial(PARTIAL);
    a.session.candidateLeft();
    a.session.stop('mentor');
    expect((await doneA).questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: PARTIAL, evaluationStatus: 'scored' });

    const b = await track(makeSession({ model, total: 2 }));
    void b.session.run();
    (await b.io.capture(0)).partial(PARTIAL);
    b.session.candidateLeft();
    const resultB = await b.session.shutdown();
    expect(resultB.status).toBe('interrupted');
    expect(resultB.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: PARTIAL, evaluationStatus: 'pending' });
  });
});
