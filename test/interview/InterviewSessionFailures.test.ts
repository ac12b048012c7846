import { describe, expect, it } from 'vitest';
import { entersStatus } from '../../src/interview/entersStatus.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { makeSession } from './fakes/makeSession.ts';
import { richAnswer, scriptedModel } from './fakes/scriptedModel.ts';

const track = trackSessions();

describe('InterviewSession when its ports fail', () => {
  it('closes even when the IO ignores its abort signals', async () => {
    // A stubborn capture: cancel() does nothing and its result never settles.
    const a = await track(makeSession({ model: scriptedModel(), total: 2 }));
    const doneA = a.session.run();
    const c = await a.io.capture(0);
    c.cancel = () => undefined;
    c.fail = () => undefined;
    expect((await a.session.shutdown()).status).toBe('interrupted');
    expect((await doneA).status).toBe('interrupted');
    // A stubborn speaker: speak() never resolves, whatever its signal says.
    const b = await track(makeSession({ model: scriptedModel(), total: 2 }));
    b.io.speak = () => new Promise<void>(() => undefined);
    const doneB = b.session.run();
    await entersStatus(b.session, 'asking', 5_000);
    expect((await b.session.shutdown()).status).toBe('interrupted');
    expect((await doneB).status).toBe('interrupted');
  });

  it('fails the session (not the caller) when a port throws synchronously', async () => {
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model: scriptedModel(), total: 1 }));
    io.listen = () => {
      throw new Error('no voice connection');
    };
    const result = await session.run();
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('listen failed');
    expect((await store.getInterview(guildId, interviewId))?.interview.status).toBe('failed');
  });

  it('"I\'m done" ends the answer at once with what was said', async () => {
    const { session, io } = await track(makeSession({ model: scriptedModel(), total: 1 }));
    expect(session.done()).toBe(false); // not answering yet
    const done = session.run();
    const c = await io.capture(0);
    c.partial(richAnswer('cache'));
    expect(session.view.partialTranscript).toBe(richAnswer('cache'));
    expect(session.done()).toBe(true);
    expect(c.finished).toBe(true);
    const result = await done;
    expect(result.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: richAnswer('cache') });
  });

  it('carries on when an evaluation cannot be saved: the answer stays pending (no final score) and a later retry scores it', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    const answers = [{ transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }];
    const { session, store, interviewId, guildId } = await track(makeSession({ model, total: 2, answers, overrides: { speculate: false } }));
    store.failEvaluationOf = 1;
    const result = await session.run();
    expect(result.status).toBe('completed');
    expect(result.questions.map((q) => q.evaluationStatus)).toEqual(['pending', 'scored']);
    expect(result.finalScore).toBeNull();
    let details = await store.getInterview(guildId, interviewId);
    expect(details?.interview).toMatchObject({ status: 'completed', finalScore: null });
    expect(details?.questions.map((q) => q.evaluationStatus)).toEqual(['pending', 'scored']);
    store.failEvaluationOf = null;
    expect(await retryUnscored(store, model)).toMatchObject({ scored: 1, failed: 0, skipped: 0, rescored: [{ interviewId: expect.any(String) }] });
    details = await store.getInterview(guildId, interviewId);
    expect(details?.interview.finalScore).toBe(8);
  });

  it('fails the interview when the store keeps failing to save an answer', async () => {
    const { session, io, store } = await track(makeSession({ model: scriptedModel(), total: 2 }));
    store.failSaves = 3;
    const done = session.run();
    (await io.capture(0)).end(richAnswer('cache'));
    const result = await done;
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('save answer failed');
  });
});
