import type { Logger } from '../logger.ts';
import type { LanguageModel } from '../ai/LanguageModel.ts';
import type { Store } from './Store.ts';
import { AnswerCaptureSlot } from './AnswerCaptureSlot.ts';
import { AnswerEvaluator } from './AnswerEvaluator.ts';
import { AnswerRecorder, type QuestionOutcome } from './AnswerRecorder.ts';
import { systemClock, type CapturedAnswer, type Clock, type InterviewIO, type SessionView } from './InterviewIO.ts';
import type { InterviewContext } from './prompts.ts';
import { QuestionGenerator, type GeneratedQuestion } from './QuestionGenerator.ts';
import { QuestionSpeculator } from './QuestionSpeculator.ts';
import { KeptAnswerHolder } from './KeptAnswerHolder.ts';
import { isFinal, transition, type AskedQuestion, type FinalStatus, type SessionEffect, type SessionEvent, type SessionState, type StoppedBy } from './sessionState.ts';
import { sessionView } from './sessionView.ts';
import { TaskGroup, untilAborted } from '../util/TaskGroup.ts';
import type { InterviewRecord } from './types.ts';

export type { QuestionOutcome } from './AnswerRecorder.ts';

/** Everything a session needs. The interview row is created by the caller (`store.createInterview`). */
export interface InterviewSessionOptions {
  interview: InterviewRecord;
  /** Extracted resume text (untrusted). */
  resumeText: string;
  /** Job description text (untrusted). */
  jobDescription: string;
  model: LanguageModel;
  store: Store;
  io: InterviewIO;
  /** Repeat is allowed this long after the question was first spoken. */
  repeatWindowMs: number;
  /** A paused session (candidate out of the channel) is abandoned after this long. */
  rejoinTimeoutMs: number;
  clock?: Clock;
  logger?: Logger;
  /** Prepare the next question when the candidate pauses (default true). */
  speculate?: boolean;
  /**
   * Interview stopped (or candidate gone) mid-answer: how long to wait for the answer's last
   * words to be transcribed before saving what was seen so far (default 5000).
   */
  finishAnswerWaitMs?: number;
  /** Same at shutdown, which has its own deadline (default 2000). */
  shutdownAnswerWaitMs?: number;
}

/** Default of {@link InterviewSessionOptions.finishAnswerWaitMs}. */
export const DEFAULT_FINISH_ANSWER_WAIT_MS = 5_000;
/** Default of {@link InterviewSessionOptions.shutdownAnswerWaitMs}. */
export const DEFAULT_SHUTDOWN_ANSWER_WAIT_MS = 2_000;

/** How a session ended. */
export interface SessionResult {
  interviewId: string;
  status: FinalStatus;
  reason: string;
  /** Mean over all N questions (unanswered = 0); null while any answered question is unscored. */
  finalScore: number | null;
  questions: QuestionOutcome[];
}

/**
 * Runs one interview: owns the state (see {@link transition}), executes effects through the
 * ports, and owns every background task (question generation, speculation, evaluations, saves,
 * timers), each with an AbortSignal. `run()` resolves when the interview reached a final state
 * and everything was saved; `close()` ends it (as interrupted) and awaits all tasks.
 */
export class InterviewSession {
  readonly #o: InterviewSessionOptions;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #generator: QuestionGenerator;
  readonly #context: InterviewContext;
  #state: SessionState = { status: 'created' };
  /** Aborts everything on shutdown. */
  readonly #life = new AbortController();
  readonly #tasks: TaskGroup;
  readonly #answers: AnswerRecorder;
  #speak: AbortController | null = null;
  readonly #capture: AnswerCaptureSlot;
  /** An answer ended early, held until it is saved or replaced. */
  readonly #kept: KeptAnswerHolder;
  #generation: AbortController | null = null;
  #rejoin: AbortController | null = null;
  readonly #speculator: QuestionSpeculator;
  #queue: SessionEvent[] = [];
  #dispatching = false;
  #result: SessionResult | null = null;
  #resolveDone!: (r: SessionResult) => void;
  readonly #done: Promise<SessionResult>;

  constructor(opts: InterviewSessionOptions) {
    this.#o = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger?.child({ interviewId: opts.interview.id, guildId: opts.interview.guildId });
    this.#generator = new QuestionGenerator(opts.model, { onFallback: (reason) => this.#log?.warn({ reason }, 'fallback question used') });
    this.#tasks = new TaskGroup((name, err) => {
      this.#log?.error({ err, task: name }, 'session task failed');
      this.#dispatch({ type: 'fatal', reason: `${name} failed` });
    });
    this.#answers = new AnswerRecorder({
      interview: opts.interview, jobDescription: opts.jobDescription, store: opts.store, evaluator: new AnswerEvaluator(opts.model),
      clock: this.#clock, tasks: this.#tasks, signal: this.#life.signal, logger: this.#log,
    });
    this.#kept = new KeptAnswerHolder({
      tasks: this.#tasks, answers: this.#answers,
      finishWaitMs: opts.finishAnswerWaitMs ?? DEFAULT_FINISH_ANSWER_WAIT_MS, shutdownWaitMs: opts.shutdownAnswerWaitMs ?? DEFAULT_SHUTDOWN_ANSWER_WAIT_MS,
    });
    const { jobTitle, type, language } = opts.interview;
    this.#context = { jobTitle, type, language, resumeText: opts.resumeText, jobDescription: opts.jobDescription };
    this.#speculator = new QuestionSpeculator({
      generator: this.#generator, context: this.#context, total: opts.interview.questionCount, enabled: opts.speculate !== false,
      signal: this.#life.signal, spawn: (name, fn) => this.#spawn(name, fn), prepareSpeech: (text) => this.#o.io.prepareSpeech?.(text),
    });
    this.#capture = new AnswerCaptureSlot({
      io: () => this.#o.io, signal: this.#life.signal, clock: this.#clock, spawn: (name, fn) => this.#spawn(name, fn), logger: this.#log,
      onPartial: (text, number, durationMs) => {
        // The candidate spoke again after a tentative end: a speculation from other words is stale.
        this.#speculator.keepIf(text);
        // Saved as it grows (never blocking): a killed process keeps the words said so far.
        const s = this.#state;
        if (s.status === 'answering' && s.question.number === number) this.#answers.saveProvisional(s.question, s.askedAtMs, text, durationMs);
        this.#show();
      },
      onTentativeEnd: (number, text) => this.#speculate(number, text),
      onEnded: (answer) => this.#dispatch({ type: 'answerEnded', answer }),
    });
    this.#done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** The current state (read-only snapshot). */
  get state(): SessionState {
    return this.#state;
  }

  /** What the question card should show now. */
  get view(): SessionView {
    return sessionView(this.#state, {
      interviewId: this.#o.interview.id, total: this.#o.interview.questionCount, recordedCount: this.#answers.count,
      partialTranscript: this.#capture.partial, nowMs: this.#clock.now(), repeatWindowMs: this.#o.repeatWindowMs,
    });
  }

  /** Starts the interview (once) and resolves with its result when it ended and everything was saved. */
  run(): Promise<SessionResult> {
    if (this.#state.status === 'created') this.#dispatch({ type: 'start' });
    return this.#done;
  }

  /** Re-speaks the question; only while answering within the repeat window. Returns whether it was accepted. */
  repeat(): boolean {
    return this.#dispatch({ type: 'repeat' });
  }

  /** "I'm done": ends the current answer now. */
  done(): boolean {
    return this.#dispatch({ type: 'done' });
  }

  /** Skips the current question (recorded as skipped, scores 0). */
  skip(): boolean {
    return this.#dispatch({ type: 'skip' });
  }

  /** Ends the interview early (abandoned), keeping what was answered. */
  stop(by: StoppedBy): boolean {
    return this.#dispatch({ type: 'stop', by });
  }

  /** The candidate left the voice channel: pause; abandoned after `rejoinTimeoutMs`. */
  candidateLeft(): boolean {
    return this.#dispatch({ type: 'candidateLeft' });
  }

  /** The candidate is back: the interrupted question is asked again. */
  candidateReturned(): boolean {
    return this.#dispatch({ type: 'candidateReturned' });
  }

  /** Bot shutdown: saves what was answered, marks the interview interrupted, awaits every task. */
  async shutdown(): Promise<SessionResult> {
    if (this.#state.status === 'created') this.#dispatch({ type: 'start' });
    this.#dispatch({ type: 'shutdown' });
    const result = await this.#done;
    await this.#drain();
    return result;
  }

  /** Same as {@link shutdown} when still running; otherwise awaits the remaining tasks. */
  async close(): Promise<void> {
    if (!isFinal(this.#state)) await this.shutdown();
    else {
      await this.#done;
      await this.#drain();
    }
  }

  #drain(): Promise<void> {
    return this.#tasks.drain();
  }

  /** Feeds one event through the transition function and runs its effects. Re-entrant calls are queued. */
  #dispatch(event: SessionEvent): boolean {
    if (this.#dispatching) {
      this.#queue.push(event);
      return true;
    }
    this.#dispatching = true;
    let handled = false;
    try {
      let next: SessionEvent | undefined = event;
      let first = true;
      while (next) {
        const t = transition(this.#state, next, { total: this.#o.interview.questionCount, repeatWindowMs: this.#o.repeatWindowMs, nowMs: this.#clock.now() });
        if (first) handled = t.handled;
        first = false;
        if (t.handled) {
          this.#state = t.state;
          for (const effect of t.effects) {
            try {
              this.#run(effect);
            } catch (err) {
              // A port that throws synchronously must not leave the state half-applied silently.
              this.#log?.error({ err, effect: effect.type }, 'session effect failed');
              this.#queue.push({ type: 'fatal', reason: `${effect.type} failed` });
            }
          }
          this.#show();
        }
        next = this.#queue.shift();
      }
    } finally {
      this.#dispatching = false;
    }
    return handled;
  }

  #show(): void {
    try {
      this.#o.io.show(this.view);
    } catch (err) {
      this.#log?.warn({ err }, 'io.show threw');
    }
  }

  /** Starts a background task owned by this session; unexpected errors fail the session. */
  #spawn(name: string, fn: () => Promise<void>): void {
    void this.#tasks.spawn(name, fn);
  }

  #run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'generateQuestion':
        return this.#generate(effect.number);
      case 'speak': {
        // Asked again (repeat, candidate back): words saved provisionally for it are void.
        const s = this.#state;
        if (s.status === 'asking') this.#answers.discardProvisional(s.question, s.askedAtMs ?? this.#clock.now());
        return this.#startSpeaking(effect.text);
      }
      case 'stopSpeaking':
        this.#speak?.abort();
        this.#speak = null;
        return;
      case 'listen':
        return this.#listen(effect.number);
      case 'finishAnswer':
        return this.#capture.finish();
      case 'cancelAnswer':
        return this.#cancelCapture();
      case 'keepAnswer':
        this.#speculator.drop();
        return this.#kept.hold(this.#capture.keep());
      case 'dropKeptAnswer':
        return this.#kept.drop();
      case 'saveKeptAnswer':
        return this.#kept.save(effect.question, effect.askedAtMs, effect.evaluate);
      case 'recordAnswer':
        return this.#record(effect.question, effect.askedAtMs, effect.answer);
      case 'startRejoinTimer': {
        const controller = new AbortController();
        this.#rejoin = controller;
        this.#spawn('rejoin timer', async () => {
          try {
            await this.#clock.sleep(this.#o.rejoinTimeoutMs, controller.signal);
          } catch {
            return;
          }
          if (!controller.signal.aborted) this.#dispatch({ type: 'rejoinTimeout' });
        });
        return;
      }
      case 'cancelRejoinTimer':
        this.#rejoin?.abort();
        this.#rejoin = null;
        return;
      case 'finish':
        return this.#finish(effect.status, effect.reason);
    }
  }

  #generate(number: number): void {
    this.#generation?.abort();
    const spec = this.#speculator.take(number);
    let promise: Promise<GeneratedQuestion>;
    let controller: AbortController;
    if (spec) {
      this.#log?.debug({ number }, 'using speculative question');
      ({ promise, controller } = spec);
    } else {
      controller = new AbortController();
      promise = this.#generator.generate({ context: this.#context, previous: this.#answers.previousTurns(), number, total: this.#o.interview.questionCount, signal: AbortSignal.any([controller.signal, this.#life.signal]) });
    }
    this.#generation = controller;
    this.#spawn('question generation', async () => {
      let q: GeneratedQuestion;
      try {
        q = await untilAborted(promise, controller.signal);
      } catch (err) {
        if (controller.signal.aborted || this.#life.signal.aborted) return;
        throw err;
      }
      if (controller.signal.aborted) return;
      const question: AskedQuestion = { number, text: q.text, isFallback: q.isFallback, isFollowUp: q.isFollowUp, focus: q.focus };
      this.#dispatch({ type: 'questionReady', question });
    });
  }

  #startSpeaking(text: string): void {
    this.#speak?.abort();
    const controller = new AbortController();
    this.#speak = controller;
    this.#spawn('speak', async () => {
      try {
        const signal = AbortSignal.any([controller.signal, this.#life.signal]);
        await untilAborted(this.#o.io.speak(text, signal), signal);
      } catch (err) {
        if (controller.signal.aborted) return;
        // The question is on the card even if the audio failed: carry on listening.
        this.#log?.warn({ err }, 'speaking the question failed');
      }
      if (!controller.signal.aborted) this.#dispatch({ type: 'spoken' });
    });
  }

  #listen(number: number): void {
    this.#cancelCapture();
    this.#capture.start(number);
  }

  #cancelCapture(): void {
    this.#speculator.drop();
    this.#capture.cancel();
  }

  /** The candidate paused while answering question `answering`: prepare the next one from what they said. */
  #speculate(answering: number, transcript: string): void {
    this.#speculator.start(answering + 1, transcript, () => {
      const s = this.#state;
      if (s.status !== 'answering' || s.question.number !== answering) return null;
      return [...this.#answers.previousTurns(), { number: answering, question: s.question.text, answer: transcript, skipped: false, isFollowUp: s.question.isFollowUp }];
    });
  }

  #record(question: AskedQuestion, askedAtMs: number, answer: CapturedAnswer | null): void {
    const turn = this.#answers.record(question, askedAtMs, answer);
    // Keep the speculation only if it was made from exactly this final answer.
    this.#speculator.keepIf(turn.answerTranscript);
  }

  #finish(status: FinalStatus, reason: string): void {
    this.#generation?.abort();
    this.#speculator.drop();
    this.#speak?.abort();
    this.#cancelCapture();
    this.#rejoin?.abort();
    this.#kept.drop();
    const keptSaves = this.#kept.pendingSaves();
    // At shutdown, everything still running is cut (evaluations stay pending for retryUnscored),
    // but only once a kept answer's last words are in.
    if (status === 'interrupted' && keptSaves.length === 0) this.#life.abort(new Error('session shut down'));
    const interview = this.#o.interview;
    this.#spawn('finish', async () => {
      let score: number | null = null;
      if (keptSaves.length > 0) {
        await Promise.allSettled(keptSaves);
        if (status === 'interrupted') this.#life.abort(new Error('session shut down'));
      }
      try {
        await this.#answers.settle();
        score = this.#answers.finalScore();
        await this.#o.store.finishInterview(interview.guildId, interview.id, status, score);
      } catch (err) {
        this.#log?.error({ err }, 'could not save the end of the interview');
      }
      this.#result = { interviewId: interview.id, status, reason, finalScore: score, questions: this.#answers.outcomes() };
      this.#resolveDone(this.#result);
    });
  }
}
