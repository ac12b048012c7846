import { afterEach, describe, expect, it } from 'vitest';
import { AnswerEvaluator, EVALUATION_SCHEMA_NAME } from '../../src/interview/AnswerEvaluator.ts';
import { AnswerRecorder } from '../../src/interview/AnswerRecorder.ts';
import { AnswerTurn } from '../../src/interview/AnswerTurn.ts';
import { systemClock } from '../../src/interview/InterviewIO.ts';
import type { SessionEvent } from '../../src/interview/sessionState.ts';
import type { AnswerInput } from '../../src/interview/Store.ts';
import { TaskGroup } from '../../src/util/TaskGroup.ts';
import { FakeInterviewIO } from './fakes/FakeInterviewIO.ts';
import { JOB } from './fakes/makeSession.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { QUESTIONS, scriptedModel } from './fakes/scriptedModel.ts';

const Q1 = { number: 1, text: QUESTIONS[0]!, isFallback: false, isFollowUp: false, focus: 'cache' };
const WORDS = 'In my last project I built a distributed cache in Go';

/** A store whose first `held` saveAnswer calls wait until released; records every row written, in order. */
class HeldStore extends MemoryStore {
  held = 0;
  readonly rows: Array<Pick<AnswerInput, 'answerStatus' | 'answerTranscript'>> = [];
  readonly #waiting: Array<() => void> = [];

  override async saveAnswer(input: AnswerInput): Promise<void> {
    if (this.held > 0) {
      this.held--;
      await new Promise<void>((r) => this.#waiting.push(r));
    }
    await super.saveAnswer(input);
    this.rows.push({ answerStatus: input.answerStatus, answerTranscript: input.answerTranscript });
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  release(): void {
    for (const r of this.#waiting.splice(0)) r();
  }
}

const drains: TaskGroup[] = [];
afterEach(async () => {
  for (const tasks of drains.splice(0)) await tasks.drain();
});

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

async function makeTurn(opts: { store?: HeldStore; finishWaitMs?: number } = {}) {
  const store = opts.store ?? new HeldStore();
  const interview = await store.createInterview({
    guildId: 'g1', candidateUserId: 'u1', candidateName: 'Jane', textChannelId: 't1', voiceChannelId: 'v1',
    jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: 2,
  });
  const failures: string[] = [];
  const tasks = new TaskGroup((name) => failures.push(name));
  drains.push(tasks);
  const scope = { tasks, signal: new AbortController().signal, clock: systemClock, log: undefined };
  const model = scriptedModel({ scoreFor: () => 7 });
  const answers = new AnswerRecorder({ interview, jobDescription: JOB, store, evaluator: new AnswerEvaluator(model), scope });
  const events: SessionEvent[] = [];
  const io = new FakeInterviewIO();
  const turn = new AnswerTurn({ question: Q1, interview, store, io, answers, scope, dispatch: (e) => events.push(e), finishWaitMs: opts.finishWaitMs ?? 5_000, shutdownWaitMs: 50 });
  const row = async () => (await store.getInterview(interview.guildId, interview.id))?.questions[0];
  return { turn, io, store, events, answers, failures, model, row };
}

describe('AnswerTurn', () => {
  it('reports what its current capture hears as session events, and nothing from a capture it let go', async () => {
    const { turn, io, events } = await makeTurn();
    expect(turn.status).toBe('waiting');
    turn.listen(1_000);
    expect(turn).toMatchObject({ status: 'capturing', askedAtMs: 1_000 });
    const first = io.captures[0]!;
    first.partial('I built');
    first.tentativeEnd('I built');
    expect(events).toEqual([{ type: 'partial', number: 1, transcript: 'I built' }, { type: 'tentativeEnd', number: 1, transcript: 'I built' }]);
    // Asked again: the first capture is released, and its late events are ignored.
    turn.retract();
    expect(turn.status).toBe('waiting');
    expect(first.cancelled).toBe(true);
    turn.listen(1_000);
    first.partial('late words');
    const second = io.captures[1]!;
    second.end('We sharded the cache');
    await tick();
    expect(events.slice(2)).toEqual([{ type: 'answerEnded', answer: expect.objectContaining({ transcript: 'We sharded the cache', endReason: 'silence' }) }]);
    expect(second.cancelled).toBe(false);
  });

  it('a failed capture ends as an empty answer', async () => {
    const { turn, io, events } = await makeTurn();
    turn.listen(0);
    io.captures[0]!.fail(new Error('stt down'));
    await tick();
    expect(events).toEqual([{ type: 'answerEnded', answer: expect.objectContaining({ transcript: '', endReason: 'no_speech' }) }]);
  });

  it('saves the words as they grow (latest wins, one write at a time) and writes the final row after the last one', async () => {
    const store = new HeldStore();
    const { turn, answers, row } = await makeTurn({ store });
    turn.listen(0);
    store.held = 1;
    turn.saveProvisional('In my last project');
    await tick();
    expect(store.waiting).toBe(1);
    turn.saveProvisional(`${WORDS} and more`);
    turn.saveProvisional(WORDS);
    turn.record({ transcript: ` ${WORDS} and we cut latency `, analytics: { timeToFirstWordMs: 1, speakingMs: 1, wordsPerMinute: 1, longestPauseMs: 0, fillerWordCount: 0, wordCount: 14 }, durationMs: 9_000, endReason: 'silence' });
    expect(turn.status).toBe('recorded');
    expect(answers.last).toMatchObject({ number: 1, answerStatus: 'answered', answerTranscript: `${WORDS} and we cut latency`, evaluationStatus: 'pending' });
    await tick();
    expect(store.rows).toEqual([]); // the final row waits for the provisional write in flight
    store.release();
    await turn.settled;
    await answers.settle();
    // The queued provisional rows were dropped once the answer was recorded: the final row wins.
    expect(store.rows).toEqual([
      { answerStatus: 'answered', answerTranscript: 'In my last project' },
      { answerStatus: 'answered', answerTranscript: `${WORDS} and we cut latency` },
    ]);
    expect(await row()).toMatchObject({ answerDurationMs: 9_000, evaluationStatus: 'scored', score: 7 });
  });

  it('asked again: words already saved are voided by an unanswered row, and nothing is written when none were', async () => {
    const { turn, store, row } = await makeTurn();
    turn.listen(0);
    turn.retract();
    await tick();
    expect(store.rows).toEqual([]);
    turn.listen(0);
    turn.saveProvisional(WORDS);
    await tick();
    expect(await row()).toMatchObject({ answerStatus: 'answered', answerTranscript: WORDS, evaluationStatus: 'pending' });
    turn.retract();
    await tick();
    expect(await row()).toMatchObject({ answerStatus: 'unanswered', answerTranscript: null });
    // Provisional saves only happen while capturing.
    turn.saveProvisional('not listening');
    await tick();
    expect(store.rows.map((r) => r.answerTranscript)).toEqual([WORDS, null]);
  });

  it('kept: the capture is finished, not cancelled; saving waits for its last words, at most the bound', async () => {
    const { turn, io, answers, model } = await makeTurn({ finishWaitMs: 120 });
    turn.listen(0);
    const c = io.captures[0]!;
    c.partial(WORDS);
    c.finish = () => {
      c.finished = true; // a stuck transcription: never settles on its own
    };
    turn.keep();
    expect(turn.status).toBe('kept');
    expect(c.finished).toBe(true);
    expect(c.cancelled).toBe(false);
    const startedAtMs = performance.now();
    turn.save(true);
    expect(turn.saving).toBe(true);
    turn.drop(); // committed: the save goes on
    expect(turn.status).toBe('kept');
    await turn.settled;
    expect(performance.now() - startedAtMs).toBeGreaterThanOrEqual(110);
    expect(turn.status).toBe('recorded');
    expect(c.cancelled).toBe(true);
    await answers.settle();
    expect(answers.last).toMatchObject({ answerStatus: 'answered', answerTranscript: WORDS, evaluationStatus: 'scored' });
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(1);
  });

  it('kept with its last words already in: recorded at once; not evaluated at shutdown', async () => {
    const { turn, io, answers, model, row } = await makeTurn();
    turn.listen(0);
    const c = io.captures[0]!;
    c.partial(WORDS);
    c.lastWords = 'and we cut latency';
    turn.keep();
    await tick();
    turn.save(false);
    expect(turn.status).toBe('recorded');
    expect(c.cancelled).toBe(false);
    await answers.settle();
    expect(answers.last).toMatchObject({ answerTranscript: `${WORDS} and we cut latency`, evaluationStatus: 'pending' });
    expect(model.callsFor(EVALUATION_SCHEMA_NAME)).toHaveLength(0);
    expect(await row()).toMatchObject({ answerStatus: 'answered', evaluationStatus: 'pending' });
  });

  it('dropped: the capture is cancelled, its later events ignored, the latest words still written', async () => {
    const { turn, io, events, row } = await makeTurn();
    turn.listen(0);
    const c = io.captures[0]!;
    turn.saveProvisional(WORDS);
    turn.drop();
    expect(turn.status).toBe('dropped');
    expect(c.cancelled).toBe(true);
    c.partial('after the end');
    await turn.settled;
    expect(events).toEqual([]);
    expect(await row()).toMatchObject({ answerStatus: 'answered', answerTranscript: WORDS });
    turn.listen(0); // final: nothing starts again
    expect(io.captures).toHaveLength(1);
  });

  it('a skip is recorded without any capture, and its row written', async () => {
    const { turn, io, answers, row } = await makeTurn();
    turn.record(null);
    expect(io.captures).toHaveLength(0);
    await turn.settled;
    await answers.settle();
    expect(answers.last).toMatchObject({ answerStatus: 'skipped', answerTranscript: null, evaluationStatus: 'not_applicable' });
    expect(await row()).toMatchObject({ answerStatus: 'skipped', evaluationStatus: 'not_applicable' });
  });
});
