import { describe, expect, it } from 'vitest';
import type { AnswerInput } from '../../src/interview/Store.ts';
import { EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { retryUnscored } from '../../src/interview/retryUnscored.ts';
import { createLogger } from '../../src/logger.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { makeSession } from './fakes/makeSession.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { richAnswer, scriptedModel } from './fakes/scriptedModel.ts';

/**
 * "A killed bot keeps the words said": the answer in progress is saved provisionally as it grows
 * (each finished segment), serialised and coalesced, never blocking the answer; the final save
 * overwrites it.
 */

const track = trackSessions();

const SEG1 = 'In my last project I built a distributed cache in Go';
const SEG2 = `${SEG1} and we reduced latency by forty percent`;
const SEG3 = `${SEG2} while keeping memory flat`;

/** A store whose saveAnswer calls are held until released; records what was in flight. */
class GatedStore extends MemoryStore {
  gated = false;
  inFlight = 0;
  maxInFlight = 0;
  readonly written: Array<Pick<AnswerInput, 'number' | 'answerStatus' | 'answerTranscript'>> = [];
  readonly #waiting: Array<() => void> = [];

  override async saveAnswer(input: AnswerInput): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gated) await new Promise<void>((r) => this.#waiting.push(r));
      await super.saveAnswer(input);
      this.written.push({ number: input.number, answerStatus: input.answerStatus, answerTranscript: input.answerTranscript });
    } finally {
      this.inFlight--;
    }
  }

  release(): void {
    this.gated = false;
    for (const r of this.#waiting.splice(0)) r();
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}

const until = async (cond: () => boolean | Promise<boolean>, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('provisional answers', () => {
  it('saves each partial transcript as it comes (answered, pending, not evaluated while the interview runs)', async () => {
    const model = scriptedModel({ scoreFor: () => 7 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2 }));
    const done = session.run();
    const c1 = await io.capture(0);
    const row = async () => (await store.getInterview(guildId, interviewId))?.questions.find((q) => q.number === 1);
    c1.partial(SEG1);
    await until(async () => (await row())?.answerTranscript === SEG1);
    expect(await row()).toMatchObject({ answerStatus: 'answered', evaluationStatus: 'pending', analytics: null, answeredAt: null });
    expect((await row())?.answerDurationMs).toBeGreaterThanOrEqual(0);
    c1.partial(SEG2);
    await until(async () => (await row())?.answerTranscript === SEG2);
    // Not evaluated now: neither by the session nor by the background retry (interview in progress).
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(0);
    expect(await store.listUnscored(10)).toEqual([]);
    c1.end(SEG3);
    (await io.capture(1)).end(richAnswer('queue'));
    const result = await done;
    expect(result.status).toBe('completed');
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.questions.map((q) => [q.number, q.answerStatus, q.answerTranscript, q.evaluationStatus])).toEqual([
      [1, 'answered', SEG3, 'scored'],
      [2, 'answered', richAnswer('queue'), 'scored'],
    ]);
    expect(details?.questions[0]?.answeredAt).not.toBeNull();
    expect(details?.questions[0]?.analytics?.wordCount).toBe(SEG3.split(' ').length);
  });

  it('serialises the writes of a question and coalesces them to the latest; the final save waits and overwrites', async () => {
    const model = scriptedModel({ scoreFor: () => 8 });
    const store = new GatedStore();
    const { session, io, interviewId, guildId } = await track(makeSession({ model, total: 1, store }));
    const done = session.run();
    const c1 = await io.capture(0);
    store.gated = true;
    c1.partial(SEG1);
    await until(() => store.waiting === 1);
    c1.partial(SEG2);
    c1.partial(SEG3);
    c1.partial(`${SEG3} again`);
    // The answer flow is not blocked: the answer ends while the first write is still held.
    c1.end(richAnswer('cache'));
    await new Promise((r) => setTimeout(r, 50));
    expect(store.waiting).toBe(1);
    expect(store.maxInFlight).toBe(1);
    store.release();
    const result = await done;
    expect(result.status).toBe('completed');
    expect(store.maxInFlight).toBe(1);
    // First partial, then the final row: the queued partials were dropped once the answer ended.
    expect(store.written.map((w) => [w.answerStatus, w.answerTranscript])).toEqual([
      ['answered', SEG1],
      ['answered', richAnswer('cache')],
    ]);
    const q = (await store.getInterview(guildId, interviewId))?.questions[0];
    expect(q).toMatchObject({ answerTranscript: richAnswer('cache'), evaluationStatus: 'scored', score: 8 });
  });

  it('coalesces partials that arrive while a write is in flight to the latest one', async () => {
    const model = scriptedModel({ scoreFor: () => 5 });
    const store = new GatedStore();
    const { session, io } = await track(makeSession({ model, total: 1, store }));
    const done = session.run();
    const c1 = await io.capture(0);
    store.gated = true;
    c1.partial(SEG1);
    await until(() => store.waiting === 1);
    c1.partial(SEG2);
    c1.partial(SEG3);
    store.release();
    await until(() => store.written.length === 2);
    expect(store.written.map((w) => w.answerTranscript)).toEqual([SEG1, SEG3]);
    expect(store.maxInFlight).toBe(1);
    c1.end(SEG3);
    await done;
  });

  it('skip: a provisional row becomes a skipped row', async () => {
    const model = scriptedModel({ scoreFor: () => 5 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2 }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial(SEG1);
    await until(() => store.log.includes('saveAnswer 1 answered'));
    expect(session.skip()).toBe(true);
    (await io.capture(1)).end(richAnswer('queue'));
    const result = await done;
    expect(result.questions[0]).toMatchObject({ answerStatus: 'skipped', answerTranscript: null });
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.questions.map((q) => [q.number, q.answerStatus, q.answerTranscript, q.evaluationStatus])).toEqual([
      [1, 'skipped', null, 'not_applicable'],
      [2, 'answered', richAnswer('queue'), 'scored'],
    ]);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
  });

  it('repeat: the words said before are void, and the next answer replaces them', async () => {
    const model = scriptedModel({ scoreFor: () => 6 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 1 }));
    const done = session.run();
    const c1 = await io.capture(0);
    const row = async () => (await store.getInterview(guildId, interviewId))?.questions[0];
    c1.partial(SEG1);
    await until(async () => (await row())?.answerTranscript === SEG1);
    expect(session.repeat()).toBe(true);
    await until(async () => (await row())?.answerStatus === 'unanswered');
    expect((await row())?.answerTranscript).toBeNull();
    const c2 = await io.capture(1);
    c2.partial('We sharded the cache');
    await until(async () => (await row())?.answerTranscript === 'We sharded the cache');
    c2.end(richAnswer('sharding'));
    const result = await done;
    expect(result.questions[0]).toMatchObject({ answerStatus: 'answered', answerTranscript: richAnswer('sharding'), evaluationStatus: 'scored' });
    expect(await row()).toMatchObject({ answerStatus: 'answered', answerTranscript: richAnswer('sharding'), evaluationStatus: 'scored', score: 6 });
  });

  it('repeat and then nothing said: the final save writes unanswered', async () => {
    const model = scriptedModel({ scoreFor: () => 6 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 1 }));
    const done = session.run();
    const c1 = await io.capture(0);
    c1.partial(SEG1);
    await until(() => store.log.includes('saveAnswer 1 answered'));
    expect(session.repeat()).toBe(true);
    (await io.capture(1)).end('');
    const result = await done;
    expect(result.questions[0]).toMatchObject({ answerStatus: 'unanswered', answerTranscript: null, evaluationStatus: 'not_applicable' });
    const q = (await store.getInterview(guildId, interviewId))?.questions[0];
    expect(q).toMatchObject({ answerStatus: 'unanswered', answerTranscript: null, evaluationStatus: 'not_applicable' });
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(0);
  });

  it('a failing provisional write is logged without the transcript and ignored; the answer goes on', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } });
    const model = scriptedModel({ scoreFor: () => 7 });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 1, overrides: { logger } }));
    const done = session.run();
    const c1 = await io.capture(0);
    store.failSaves = 1;
    c1.partial(SEG1);
    await until(() => store.failSaves === 0);
    await until(() => lines.some((l) => l.includes('provisional answer save failed')));
    expect(session.state.status).toBe('answering');
    c1.partial(SEG2);
    await until(() => store.log.includes('saveAnswer 1 answered'));
    c1.end(SEG3);
    const result = await done;
    expect(result.status).toBe('completed');
    expect((await store.getInterview(guildId, interviewId))?.questions[0]).toMatchObject({ answerTranscript: SEG3, evaluationStatus: 'scored' });
    const all = lines.join('\n');
    expect(all).not.toContain('distributed cache');
    expect(lines.filter((l) => l.includes('session task failed'))).toEqual([]);
  });

  it('after a kill, the provisional answer is there with its words, pending, and retryUnscored scores it', async () => {
    const model = scriptedModel({ scoreFor: (a) => (a.includes('forty percent') ? 8 : 3) });
    const { session, io, store, interviewId, guildId } = await track(makeSession({ model, total: 2 }));
    void session.run();
    (await io.capture(0)).end(richAnswer('alerting'));
    const c2 = await io.capture(1);
    c2.partial(SEG2);
    await until(() => store.log.includes('saveAnswer 2 answered'));
    // The process dies here: nothing else runs. A copy of the store is what the restart finds.
    const restarted = new MemoryStore();
    for (const [k, v] of store.interviews) restarted.interviews.set(k, { ...v });
    for (const [k, v] of store.questions) restarted.questions.set(k, { ...v });
    expect(await restarted.listUnscored(10)).toEqual([]);
    expect((await restarted.markInterrupted()).map((i) => i.id)).toEqual([interviewId]);
    const before = await restarted.getInterview(guildId, interviewId);
    expect(before?.questions.find((q) => q.number === 2)).toMatchObject({ answerStatus: 'answered', answerTranscript: SEG2, evaluationStatus: 'pending' });
    await retryUnscored(restarted, model);
    const after = await restarted.getInterview(guildId, interviewId);
    expect(after?.questions.find((q) => q.number === 2)).toMatchObject({ answerTranscript: SEG2, evaluationStatus: 'scored', score: 8 });
  });
});
