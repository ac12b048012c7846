import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewSession } from '../../src/interview/InterviewSession.ts';
import { QUESTION_SCHEMA_NAME } from '../../src/interview/QuestionGenerator.ts';
import type { FakeInterviewIO } from './fakes/FakeInterviewIO.ts';
import { makeSession } from './fakes/makeSession.ts';
import { fencedBlock, QUESTIONS, richAnswer, scriptedModel, userText } from './fakes/scriptedModel.ts';

const open: Array<{ session: InterviewSession; io: FakeInterviewIO }> = [];
afterEach(async () => {
  for (const { session, io } of open.splice(0)) {
    await session.close();
    await io.close();
  }
});

/** Time from the end of answer 1 to the start of question 2's audio. */
async function turnLatencyMs(speculate: boolean): Promise<{ latencyMs: number; calls: number; prepared: string[] }> {
  const model = scriptedModel({ questionDelayMs: 500 });
  const answer = richAnswer('cache');
  const t = await makeSession({ model, total: 2, answers: [{ transcript: answer, pauseMs: 700 }, { transcript: richAnswer('x') }], overrides: { speculate } });
  open.push(t);
  await t.session.run();
  const ended = t.io.captures[0]?.endedAtMs ?? NaN;
  return { latencyMs: (t.io.spoken[1]?.atMs ?? NaN) - ended, calls: model.callsFor(QUESTION_SCHEMA_NAME).length, prepared: t.io.prepared };
}

/** A 2-question session whose candidate paused after saying 'I built a cache' in answer 1. */
async function pausedAfterShortAnswer(questionDelayMs: number) {
  const model = scriptedModel({ questionDelayMs });
  const t = await makeSession({ model, total: 2 });
  open.push(t);
  const done = t.session.run();
  const c = await t.io.capture(0);
  c.partial('I built a cache');
  c.tentativeEnd('I built a cache');
  return { model, t, done, c };
}

describe('speculative next question', () => {
  it('prepares the next question during the pause and uses it when the final transcript matches', async () => {
    const withSpec = await turnLatencyMs(true);
    expect(withSpec.calls).toBe(2); // question 1, and question 2 only once (the speculation was reused)
    expect(withSpec.prepared).toContain(QUESTIONS[1]);
    const without = await turnLatencyMs(false);
    expect(without.calls).toBe(2);
    expect(without.latencyMs).toBeGreaterThanOrEqual(450); // pays the model latency after the answer
    expect(withSpec.latencyMs).toBeLessThan(without.latencyMs - 200); // ...which the speculation hid
  });

  it('discards the speculation when the candidate speaks again', async () => {
    const { model, t, done, c } = await pausedAfterShortAnswer(300);
    await t.io.until(() => model.callsFor(QUESTION_SCHEMA_NAME).length === 2);
    const final = 'I built a cache in Go with sharded maps, measured p99 latency with tracing and cut it by forty percent.';
    c.partial(final);
    const spec = model.callsFor(QUESTION_SCHEMA_NAME)[1];
    await t.io.until(() => spec?.outcome === 'aborted');
    expect(fencedBlock(userText(spec!.messages), 'ANSWER_1')).toBe('I built a cache');
    c.end(final);
    const c2 = await t.io.capture(1);
    c2.end(richAnswer('y'));
    await done;
    const calls = model.callsFor(QUESTION_SCHEMA_NAME);
    expect(calls).toHaveLength(3);
    expect(fencedBlock(userText(calls[2]!.messages), 'ANSWER_1')).toBe(final);
    expect(t.io.spoken.map((s) => s.text)).toEqual(QUESTIONS.slice(0, 2));
  });

  it('discards the speculation when the final transcript differs from the tentative one', async () => {
    const { model, t, done, c } = await pausedAfterShortAnswer(50);
    await t.io.until(() => model.callsFor(QUESTION_SCHEMA_NAME)[1]?.outcome === 'ok');
    c.end('I built a cache in Go.');
    (await t.io.capture(1)).end(richAnswer('y'));
    await done;
    const calls = model.callsFor(QUESTION_SCHEMA_NAME);
    expect(calls).toHaveLength(3);
    expect(fencedBlock(userText(calls[2]!.messages), 'ANSWER_1')).toBe('I built a cache in Go.');
  });

  it('does not speculate past the last question', async () => {
    const model = scriptedModel();
    const t = await makeSession({ model, total: 1, answers: [{ transcript: richAnswer('cache'), pauseMs: 50 }] });
    open.push(t);
    await t.session.run();
    expect(model.callsFor(QUESTION_SCHEMA_NAME)).toHaveLength(1);
  });
});
