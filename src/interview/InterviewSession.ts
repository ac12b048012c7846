import { EventEmitter } from 'node:events';
import { AnswerEvaluator } from './AnswerEvaluator.ts';
import { AnswerRecorder } from './AnswerRecorder.ts';
import { AnswerTurn } from './AnswerTurn.ts';
import { systemClock, type SessionView, type SpokenCommandName } from './InterviewIO.ts';
import { DEFAULT_FINISH_ANSWER_WAIT_MS, DEFAULT_SHUTDOWN_ANSWER_WAIT_MS, type InterviewSessionOptions, type SessionResult } from './InterviewSessionOptions.ts';
import type { InterviewContext } from './prompts.ts';
import { QuestionAsker } from './QuestionAsker.ts';
import { QuestionGenerator } from './QuestionGenerator.ts';
import { QuestionSpeculator } from './QuestionSpeculator.ts';
import type { SessionScope } from './SessionScope.ts';
import { isFinal, transition, type AskedQuestion, type FinalStatus, type SessionEffect, type SessionEvent, type SessionState, type StoppedBy } from './sessionState.ts';
import { sessionView } from './sessionView.ts';
import { acknowledgement } from './turns/acknowledgements.ts';
import { TaskGroup } from '../util/TaskGroup.ts';

export type { QuestionOutcome } from './AnswerRecorder.ts';
export { DEFAULT_FINISH_ANSWER_WAIT_MS, DEFAULT_SHUTDOWN_ANSWER_WAIT_MS, type InterviewSessionOptions, type SessionResult } from './InterviewSessionOptions.ts';

/** Events of an {@link InterviewSession}: `stateChange` after every handled transition (see `entersStatus`). */
export type InterviewSessionEvents = { stateChange: [oldState: SessionState, newState: SessionState] };

/**
 * Runs one interview: owns the state (see {@link transition}), executes every effect through
 * the ports, and owns every background task (question generation, speculation, the answer's
 * turn, evaluations, saves, timers), each with an AbortSignal. Everything that happens — a
 * button, a partial transcript, a pause — goes through `transition()`. `run()` resolves when the
 * interview reached a final state and everything was saved; `close()` ends it (as interrupted)
 * and awaits all tasks. Emits `stateChange` (old, new) after each transition.
 */
export class InterviewSession extends EventEmitter<InterviewSessionEvents> {
  readonly #o: InterviewSessionOptions;
  /** Aborts everything on shutdown. */
  readonly #life = new AbortController();
  readonly #scope: SessionScope;
  readonly #answers: AnswerRecorder;
  readonly #speculator: QuestionSpeculator;
  readonly #asker: QuestionAsker;
  #state: SessionState = { status: 'created' };
  /** The answer to the current question (the last one asked). */
  #turn: AnswerTurn | null = null;
  #rejoin: AbortController | null = null;
  /** The last spoken command heard, and for which question; the last acknowledgement said. */
  #heard: { number: number; name: SpokenCommandName } | null = null;
  #lastAck: string | null = null;
  #queue: SessionEvent[] = [];
  #dispatching = false;
  #resolveDone!: (r: SessionResult) => void;
  readonly #done: Promise<SessionResult>;

  constructor(opts: InterviewSessionOptions) {
    super();
    this.#o = opts;
    const log = opts.logger?.child({ interviewId: opts.interview.id, guildId: opts.interview.guildId });
    const tasks = new TaskGroup((name, err) => {
      log?.error({ err, task: name }, 'session task failed');
      this.#dispatch({ type: 'fatal', reason: `${name} failed` });
    });
    this.#scope = { tasks, signal: this.#life.signal, clock: opts.clock ?? systemClock, log };
    const generator = new QuestionGenerator(opts.model, { bank: opts.bankQuestions, onFallback: (reason) => log?.warn({ reason }, 'fallback question used') });
    const { jobTitle, type, language, questionCount: total } = opts.interview;
    const context: InterviewContext = { jobTitle, type, language, resumeText: opts.resumeText, jobDescription: opts.jobDescription };
    const scope = this.#scope;
    this.#answers = new AnswerRecorder({ interview: opts.interview, jobDescription: opts.jobDescription, store: opts.store, evaluator: new AnswerEvaluator(opts.model), rubric: opts.rubric, scope });
    this.#speculator = new QuestionSpeculator({ generator, context, total, enabled: opts.speculate !== false, scope, prepareSpeech: (text) => this.#o.io.prepareSpeech?.(text) });
    this.#asker = new QuestionAsker({ generator, context, total, io: opts.io, speculator: this.#speculator, scope, dispatch: (event) => this.#dispatch(event) });
    this.#done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** The current state (read-only snapshot). */
  get state(): SessionState {
    return this.#state;
  }

  /** What the question card should show now. */
  get view(): SessionView {
    const last = this.#answers.last;
    const view = sessionView(this.#state, {
      interviewId: this.#o.interview.id, total: this.#o.interview.questionCount, recordedCount: this.#answers.count,
      nowMs: this.#scope.clock.now(), repeatWindowMs: this.#o.repeatWindowMs,
    });
    return {
      ...view,
      heard: this.#heard?.number === view.number ? this.#heard.name : null,
      lastAnswer: last && { number: last.number, status: last.answerStatus, transcript: last.answerTranscript },
    };
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
    await this.#scope.tasks.drain();
    return result;
  }

  /** Same as {@link shutdown} when still running; otherwise awaits the remaining tasks. */
  async close(): Promise<void> {
    if (!isFinal(this.#state)) await this.shutdown();
    else {
      await this.#done;
      await this.#scope.tasks.drain();
    }
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
        const t = transition(this.#state, next, { total: this.#o.interview.questionCount, repeatWindowMs: this.#o.repeatWindowMs, nowMs: this.#scope.clock.now() });
        if (first) handled = t.handled;
        first = false;
        if (t.handled) this.#apply(t.state, t.effects);
        next = this.#queue.shift();
      }
    } finally {
      this.#dispatching = false;
    }
    return handled;
  }

  #apply(state: SessionState, effects: SessionEffect[]): void {
    const old = this.#state;
    this.#state = state;
    for (const effect of effects) {
      try {
        this.#run(effect);
      } catch (err) {
        // A port that throws synchronously must not leave the state half-applied silently.
        this.#scope.log?.error({ err, effect: effect.type }, 'session effect failed');
        this.#queue.push({ type: 'fatal', reason: `${effect.type} failed` });
      }
    }
    this.#safely('io.show', () => this.#o.io.show(this.view));
    this.#safely('a stateChange listener', () => this.emit('stateChange', old, state));
  }

  #safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#scope.log?.warn({ err }, `${what} threw`);
    }
  }

  /** Starts a background task owned by this session; unexpected errors fail the session. */
  #spawn(name: string, fn: () => Promise<void>): void {
    void this.#scope.tasks.spawn(name, fn);
  }

  #run(effect: SessionEffect): void {
    const turn = this.#turn;
    switch (effect.type) {
      case 'generateQuestion':
        return this.#asker.generate(effect.number, this.#answers.previousTurns());
      case 'ask':
        if (turn?.question.number !== effect.question.number) this.#openTurn(effect.question);
        return this.#asker.speak(effect.question.text);
      case 'stopSpeaking':
        return this.#asker.stopSpeaking();
      case 'listen':
        return turn?.listen(effect.askedAtMs);
      case 'finishAnswer':
        return turn?.finish();
      case 'retractAnswer':
        return turn?.retract();
      case 'dropAnswer':
        return turn?.drop();
      case 'keepAnswer':
        return turn?.keep();
      case 'saveKeptAnswer':
        return turn?.save(effect.evaluate);
      case 'recordAnswer':
        return turn?.record(effect.answer);
      case 'saveProvisional':
        return turn?.saveProvisional(effect.transcript);
      case 'speculate':
        return this.#speculate(effect.number, effect.transcript);
      case 'dropSpeculation':
        return this.#speculator.keepIf(effect.unlessFrom);
      case 'heard':
        this.#heard = turn ? { number: turn.question.number, name: effect.command.command } : null;
        return;
      case 'acknowledge':
        if (this.#o.acknowledge === false || !this.#o.io.acknowledge) return;
        this.#lastAck = acknowledgement(this.#o.interview.language, this.#lastAck);
        return this.#o.io.acknowledge(this.#lastAck);
      case 'startRejoinTimer':
        return this.#startRejoinTimer();
      case 'cancelRejoinTimer':
        this.#rejoin?.abort();
        return void (this.#rejoin = null);
      case 'finish':
        return this.#finish(effect.status, effect.reason);
    }
  }

  #openTurn(question: AskedQuestion): void {
    this.#turn?.drop();
    const o = this.#o;
    this.#turn = new AnswerTurn({
      question, interview: o.interview, store: o.store, io: o.io, answers: this.#answers, scope: this.#scope, dispatch: (event) => this.#dispatch(event),
      finishWaitMs: o.finishAnswerWaitMs ?? DEFAULT_FINISH_ANSWER_WAIT_MS, shutdownWaitMs: o.shutdownAnswerWaitMs ?? DEFAULT_SHUTDOWN_ANSWER_WAIT_MS,
    });
  }

  /** The candidate paused while answering: prepare question `number` from what they said. */
  #speculate(number: number, transcript: string): void {
    const q = this.#turn?.question;
    if (!q) return;
    this.#speculator.start(number, transcript, [...this.#answers.previousTurns(), { number: q.number, question: q.text, answer: transcript, skipped: false, isFollowUp: q.isFollowUp }]);
  }

  #startRejoinTimer(): void {
    const controller = new AbortController();
    this.#rejoin = controller;
    this.#spawn('rejoin timer', async () => {
      try {
        await this.#scope.clock.sleep(this.#o.rejoinTimeoutMs, controller.signal);
      } catch {
        return; // cancelled: the candidate came back, or the interview ended
      }
      if (!controller.signal.aborted) this.#dispatch({ type: 'rejoinTimeout' });
    });
  }

  #finish(status: FinalStatus, reason: string): void {
    this.#asker.stop();
    this.#speculator.drop();
    this.#rejoin?.abort();
    const turn = this.#turn;
    turn?.drop(); // a kept answer being saved is left to finish
    const saving = turn?.saving === true;
    // At shutdown, everything still running is cut (evaluations stay pending for retryUnscored),
    // but only once a kept answer's last words are in.
    const cut = (): void => {
      if (status === 'interrupted') this.#life.abort(new Error('session shut down'));
    };
    if (!saving) cut();
    const interview = this.#o.interview;
    this.#spawn('finish', async () => {
      await turn?.settled;
      if (saving) cut();
      let score: number | null = null;
      try {
        await this.#answers.settle();
        score = this.#answers.finalScore();
        await this.#o.store.finishInterview(interview.guildId, interview.id, status, score);
      } catch (err) {
        this.#scope.log?.error({ err }, 'could not save the end of the interview');
      }
      this.#resolveDone({ interviewId: interview.id, status, reason, finalScore: score, questions: this.#answers.outcomes() });
    });
  }
}
