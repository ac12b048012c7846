import type { AnswerRecorder, QuestionOutcome } from './AnswerRecorder.ts';
import type { AnswerCapture, CapturedAnswer, InterviewIO } from './InterviewIO.ts';
import type { SessionScope } from './SessionScope.ts';
import { isEmptyAnswer, type AskedQuestion, type SessionEvent } from './sessionState.ts';
import type { AnswerInput, Store } from './Store.ts';
import type { InterviewRecord } from './types.ts';
import { CoalescingWriter } from '../util/CoalescingWriter.ts';
import { untilAborted } from '../util/TaskGroup.ts';

/** Options of {@link AnswerTurn}. */
export interface AnswerTurnOptions {
  question: AskedQuestion;
  interview: Pick<InterviewRecord, 'id' | 'guildId'>;
  store: Store;
  /** The port whose `listen` starts a capture. */
  io: InterviewIO;
  /** Where the outcome goes once recorded (evaluation, final score). */
  answers: AnswerRecorder;
  scope: SessionScope;
  /** The capture's events (partial, tentative end, end), for the session's transition. */
  dispatch: (event: SessionEvent) => void;
  /** How long a kept answer waits for its last words after a stop or rejoin timeout. */
  finishWaitMs: number;
  /** The same at shutdown, which has its own deadline. */
  shutdownWaitMs: number;
}

/** The answer's words saved so far (latest wins); handed from one live status to the next. */
interface Provisional {
  writer: CoalescingWriter<AnswerInput>;
  /** Something was queued: asking again has words to void. */
  touched: boolean;
}

/** What a status that listens holds: the capture, the controller that aborts it, what it heard. */
interface Listening {
  provisional: Provisional;
  controller: AbortController;
  capture: AnswerCapture;
  /** Clock ms when listening began. */
  startedAtMs: number;
  /** Latest live transcript (the fallback when a kept answer cannot finish in time). */
  partial: string;
  /** The capture's result has come in (or failed): nothing to cancel any more. */
  ended: boolean;
}

/**
 * Where the turn stands; each status holds exactly the resources it needs, and leaving it
 * releases them (see {@link AnswerTurn}). `waiting`: the question is being asked, nothing heard;
 * `capturing`: listening; `kept`: the capture was ended early (stop, shutdown, candidate gone)
 * and its result is awaited, bounded by `bound` once it is being saved; `recorded` and
 * `dropped` are final.
 */
export type AnswerTurnState =
  | { status: 'waiting'; provisional: Provisional }
  | ({ status: 'capturing' } & Listening)
  | ({ status: 'kept'; answer: CapturedAnswer | null; arrived: Promise<void>; onArrived: () => void; bound: AbortController | null } & Listening)
  | { status: 'recorded'; outcome: QuestionOutcome }
  | { status: 'dropped' };

/**
 * One question's answer, from the moment the question is asked until it is recorded: it starts
 * the capture, reports its events to the session, saves the words provisionally as they grow
 * (one coalescing writer, never two writes in flight), keeps an answer cut short, and writes the
 * final row after the last provisional one so that it always wins. The one setter releases what
 * the old status held (capture, controller, timer, writer), like discord.js' `AudioPlayer`.
 */
export class AnswerTurn {
  readonly question: AskedQuestion;
  readonly #o: AnswerTurnOptions;
  #state: AnswerTurnState;
  #askedAtMs: number | null = null;
  #resolveSettled!: () => void;
  /** Resolves once the turn is recorded or dropped and its provisional writes are over. */
  readonly settled: Promise<void>;

  constructor(opts: AnswerTurnOptions) {
    this.#o = opts;
    this.question = opts.question;
    this.settled = new Promise((resolve) => (this.#resolveSettled = resolve));
    const writer = new CoalescingWriter<AnswerInput>({
      intervalMs: 0,
      send: (row) => opts.store.saveAnswer(row),
      onError: (err) => {
        // Never the transcript: only what kind of failure it was.
        const error = err instanceof Error ? { name: err.name, code: (err as { code?: unknown }).code } : { name: typeof err };
        opts.scope.log?.warn({ number: this.question.number, error }, 'provisional answer save failed; ignored');
      },
    });
    this.#state = { status: 'waiting', provisional: { writer, touched: false } };
  }

  get status(): AnswerTurnState['status'] { return this.#state.status; }

  /** When the question was first spoken (clock ms), once listening began. */
  get askedAtMs(): number | null {
    return this.#askedAtMs;
  }

  /** A kept answer is being saved: it is committed, {@link drop} leaves it alone. */
  get saving(): boolean {
    return this.#state.status === 'kept' && this.#state.bound !== null;
  }

  /** Starts capturing the answer (the question was spoken at `askedAtMs`). Throws if the port does. */
  listen(askedAtMs: number): void {
    const s = this.#state;
    if (s.status === 'recorded' || s.status === 'dropped') return;
    const { io, scope } = this.#o;
    const controller = new AbortController();
    const capture = io.listen({ number: this.question.number, question: this.question.text, signal: AbortSignal.any([controller.signal, scope.signal]) });
    this.#askedAtMs = askedAtMs;
    const listening: Listening = { provisional: s.provisional, controller, capture, startedAtMs: scope.clock.now(), partial: '', ended: false };
    this.#setState({ status: 'capturing', ...listening });
    const number = this.question.number;
    const holds = (): Extract<AnswerTurnState, Listening> | null => {
      const now = this.#state;
      return (now.status === 'capturing' || now.status === 'kept') && now.capture === capture ? now : null;
    };
    capture.onPartial((text) => {
      const now = holds();
      if (!now) return;
      now.partial = text; // also while kept
      if (now.status === 'capturing') this.#o.dispatch({ type: 'partial', number, transcript: text });
    });
    // Only a capture still listening speaks for the answer.
    const report = (event: SessionEvent): void => {
      if (holds()?.status === 'capturing') this.#o.dispatch(event);
    };
    capture.onTentativeEnd((text) => report({ type: 'tentativeEnd', number, transcript: text }));
    capture.onHold?.((holding) => report({ type: 'hold', number, holding }));
    capture.onCommand?.((command) => report({ type: 'voiceCommand', number, command }));
    void scope.tasks.spawn('answer capture', async () => {
      let answer: CapturedAnswer | null = null;
      let failure: unknown = null;
      try {
        answer = await untilAborted(capture.result, controller.signal);
      } catch (err) {
        failure = err;
      }
      const now = holds();
      if (!now || controller.signal.aborted) return;
      now.ended = true;
      if (now.status === 'kept') {
        if (!answer) scope.log?.warn({ err: failure }, 'a kept answer failed to finish; saving the transcript seen so far');
        now.answer = answer;
        now.onArrived();
        return;
      }
      if (!answer) scope.log?.warn({ err: failure }, 'answer capture failed; recorded as unanswered');
      this.#o.dispatch({ type: 'answerEnded', answer: answer ?? { transcript: '', analytics: emptyAnalytics(), durationMs: 0, endReason: 'no_speech' } });
    });
  }

  /** "I'm done": the capture ends now, with what was said. */
  finish(): void {
    if (this.#state.status === 'capturing') this.#state.capture.finish();
  }

  /** Saves the words so far provisionally (answered, evaluation pending); the final row overwrites them. */
  saveProvisional(transcriptSoFar: string): void {
    const s = this.#state;
    const transcript = transcriptSoFar.trim();
    if (s.status !== 'capturing' || !transcript) return;
    s.provisional.touched = true;
    const durationMs = Math.max(0, Math.round(this.#o.scope.clock.now() - s.startedAtMs));
    s.provisional.writer.update(this.#row({ answerStatus: 'answered', answerTranscript: transcript, answerDurationMs: durationMs }));
  }

  /** The question is asked again: the answer so far is void (an unanswered row replaces saved words). */
  retract(): void {
    const s = this.#state;
    if (s.status !== 'capturing' && s.status !== 'kept') return;
    this.#setState({ status: 'waiting', provisional: s.provisional });
    if (!s.provisional.touched) return;
    s.provisional.touched = false;
    s.provisional.writer.update(this.#row({ answerStatus: 'unanswered', answerTranscript: null, answerDurationMs: null }));
  }

  /** Ends the capture now but keeps it: its result is held for {@link save}, not reported as the end of the answer. */
  keep(): void {
    const s = this.#state;
    if (s.status !== 'capturing') return;
    let onArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (onArrived = resolve));
    this.#setState({ ...s, status: 'kept', answer: null, arrived, onArrived, bound: null });
    try {
      s.capture.finish();
    } catch (err) {
      this.#o.scope.log?.warn({ err }, 'finishing a kept answer failed');
    }
  }

  /**
   * Records the kept answer once its last words are in, waiting at most the finish (or, when
   * `evaluate` is false, the shutdown) bound; past it the capture is cancelled and the transcript
   * seen so far is saved. Evaluated unless `evaluate` is false (left pending for the retry).
   */
  save(evaluate: boolean): void {
    const s = this.#state;
    if (s.status !== 'kept' || s.bound) return;
    if (s.answer) return this.record(s.answer, evaluate);
    const bound = new AbortController();
    const kept = { ...s, bound };
    this.#setState(kept);
    const { clock, log, tasks } = this.#o.scope;
    const boundMs = evaluate ? this.#o.finishWaitMs : this.#o.shutdownWaitMs;
    void tasks.spawn('save kept answer', async () => {
      try {
        const timeout = clock.sleep(boundMs, bound.signal).then(() => undefined, () => undefined);
        await Promise.race([kept.arrived, timeout]);
        if (this.#state !== kept) return;
        if (!kept.ended) log?.warn({ boundMs }, 'a kept answer took too long to finish; saving the transcript seen so far');
        this.record(kept.answer ?? this.#fromPartial(kept), evaluate);
      } finally {
        if (this.#state === kept) this.#setState({ status: 'dropped' }); // never stuck: the session's end awaits `settled`
      }
    });
  }

  /**
   * Records the answer (`answer` given; unanswered when empty) or a skip (`answer` null): the
   * final row is written after the last provisional write, then the recorder evaluates it.
   */
  record(answer: CapturedAnswer | null, evaluate = true): void {
    const s = this.#state;
    if (s.status === 'recorded' || s.status === 'dropped') return;
    const q = this.question;
    const answerStatus = answer === null ? 'skipped' : isEmptyAnswer(answer) ? 'unanswered' : 'answered';
    const answerTranscript = answerStatus === 'answered' && answer ? answer.transcript.trim() : null;
    const outcome: QuestionOutcome = {
      number: q.number, questionText: q.text, isFallback: q.isFallback, ...(q.fromBank ? { fromBank: true } : {}), isFollowUp: q.isFollowUp, answerStatus, answerTranscript,
      evaluationStatus: answerStatus === 'answered' ? 'pending' : 'not_applicable', evaluation: null,
    };
    const row = this.#row({ answerStatus, answerTranscript, answerDurationMs: answer?.durationMs ?? null, analytics: answer?.analytics ?? null, answeredAt: new Date(this.#o.scope.clock.now()) });
    this.#setState({ status: 'recorded', outcome });
    // Retries (during an outage) belong to the store given in: the bot's StoreWriteQueue.
    const saved = this.#o.scope.tasks.spawn('save answer', async () => {
      await this.settled;
      await this.#o.store.saveAnswer(row);
    });
    this.#o.answers.add(outcome, saved, evaluate);
  }

  /** Not wanted (the session failed or ended): the capture is cancelled. A kept answer being saved is left to finish. */
  drop(): void {
    const s = this.#state;
    if (s.status === 'recorded' || s.status === 'dropped' || this.saving) return;
    this.#setState({ status: 'dropped' });
  }

  /** The one setter: releases what `old` held and `next` does not. */
  #setState(next: AnswerTurnState): void {
    const old = this.#state;
    this.#state = next;
    if (old.status === 'capturing' || old.status === 'kept') {
      if (!(next.status === 'capturing' || next.status === 'kept') || next.capture !== old.capture) this.#release(old);
      if (old.status === 'kept' && (next.status !== 'kept' || next.bound !== old.bound)) old.bound?.abort();
    }
    if (old.status !== 'recorded' && old.status !== 'dropped' && (next.status === 'recorded' || next.status === 'dropped')) {
      const { writer } = old.provisional;
      // Recorded: the final row replaces anything queued. Dropped: the latest words still go out.
      const closing = next.status === 'recorded' ? writer.close() : writer.flush().then(() => writer.close());
      void this.#o.scope.tasks.spawn('provisional answer save', async () => {
        await closing;
        this.#resolveSettled();
      });
    }
  }

  #release(s: Listening): void {
    if (s.ended || s.controller.signal.aborted) return;
    s.controller.abort();
    try {
      s.capture.cancel();
    } catch (err) {
      this.#o.scope.log?.warn({ err }, 'cancelling an answer capture failed');
    }
  }

  #fromPartial(s: Listening): CapturedAnswer {
    const transcript = s.partial.trim();
    const durationMs = Math.max(0, Math.round(this.#o.scope.clock.now() - s.startedAtMs));
    return { transcript, analytics: emptyAnalytics(), durationMs, endReason: transcript ? 'done' : 'no_speech' };
  }

  #row(fields: Pick<AnswerInput, 'answerStatus' | 'answerTranscript' | 'answerDurationMs'> & Partial<AnswerInput>): AnswerInput {
    const q = this.question;
    return {
      guildId: this.#o.interview.guildId, interviewId: this.#o.interview.id, number: q.number, questionText: q.text, isFallback: q.isFallback, ...(q.fromBank ? { fromBank: true } : {}),
      analytics: null, answeredAt: null, askedAt: new Date(this.#askedAtMs ?? this.#o.scope.clock.now()), ...fields,
    };
  }
}

function emptyAnalytics(): CapturedAnswer['analytics'] {
  return { timeToFirstWordMs: null, speakingMs: 0, wordsPerMinute: null, longestPauseMs: 0, fillerWordCount: 0, wordCount: 0 };
}
