import type { InterviewIO } from './InterviewIO.ts';
import type { InterviewContext, PreviousTurn } from './prompts.ts';
import type { GeneratedQuestion, QuestionGenerator } from './QuestionGenerator.ts';
import type { QuestionSpeculator } from './QuestionSpeculator.ts';
import type { SessionScope } from './SessionScope.ts';
import type { SessionEvent } from './sessionState.ts';
import { untilAborted } from '../util/TaskGroup.ts';

/** Options of {@link QuestionAsker}. */
export interface QuestionAskerOptions {
  generator: QuestionGenerator;
  context: InterviewContext;
  /** Number of questions (N). */
  total: number;
  io: InterviewIO;
  /** A question prepared during the candidate's pause is taken from here first. */
  speculator: QuestionSpeculator;
  scope: SessionScope;
  /** Reports `questionReady` and `spoken` to the session's transition. */
  dispatch: (event: SessionEvent) => void;
}

/**
 * The session's mouth: generates the next question (or takes the speculated one) and speaks it,
 * each as an owned task with its own AbortController, so that a newer request or `stop()` cuts
 * the older one and its outcome is never reported.
 */
export class QuestionAsker {
  readonly #o: QuestionAskerOptions;
  #generation: AbortController | null = null;
  #speak: AbortController | null = null;

  constructor(opts: QuestionAskerOptions) {
    this.#o = opts;
  }

  /** Prepares question `number` from the turns so far; dispatches `questionReady` when it is there. */
  generate(number: number, previous: PreviousTurn[]): void {
    this.#generation?.abort();
    const { generator, context, total, speculator, scope } = this.#o;
    const spec = speculator.take(number);
    let promise: Promise<GeneratedQuestion>;
    let controller: AbortController;
    if (spec) {
      scope.log?.debug({ number }, 'using speculative question');
      ({ promise, controller } = spec);
    } else {
      controller = new AbortController();
      promise = generator.generate({ context, previous, number, total, signal: AbortSignal.any([controller.signal, scope.signal]) });
    }
    this.#generation = controller;
    void scope.tasks.spawn('question generation', async () => {
      let q: GeneratedQuestion;
      try {
        q = await untilAborted(promise, controller.signal);
      } catch (err) {
        if (controller.signal.aborted || scope.signal.aborted) return;
        throw err;
      }
      if (controller.signal.aborted) return;
      this.#o.dispatch({ type: 'questionReady', question: { number, text: q.text, isFallback: q.isFallback, isFollowUp: q.isFollowUp, focus: q.focus, ...(q.fromBank ? { fromBank: true } : {}) } });
    });
  }

  /** Says `text` (cutting any speech still playing); dispatches `spoken` when it was played, or failed. */
  speak(text: string): void {
    this.stopSpeaking();
    const controller = new AbortController();
    this.#speak = controller;
    const { io, scope } = this.#o;
    void scope.tasks.spawn('speak', async () => {
      try {
        const signal = AbortSignal.any([controller.signal, scope.signal]);
        await untilAborted(io.speak(text, signal), signal);
      } catch (err) {
        if (controller.signal.aborted) return;
        // The question is on the card even if the audio failed: carry on listening.
        scope.log?.warn({ err }, 'speaking the question failed');
      }
      if (!controller.signal.aborted) this.#o.dispatch({ type: 'spoken' });
    });
  }

  stopSpeaking(): void {
    this.#speak?.abort();
    this.#speak = null;
  }

  /** Cuts the generation and the speech in progress (the interview ended). */
  stop(): void {
    this.#generation?.abort();
    this.#generation = null;
    this.stopSpeaking();
  }
}
