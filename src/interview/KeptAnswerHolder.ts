import type { KeptAnswer } from './AnswerCaptureSlot.ts';
import type { AnswerRecorder } from './AnswerRecorder.ts';
import type { AskedQuestion } from './sessionState.ts';
import type { TaskGroup } from '../util/TaskGroup.ts';

/**
 * Holds an answer that ended early (interview stopped, bot shutting down, candidate gone) until
 * it is saved or replaced, and tracks the saves still under way so the end of the interview can
 * wait for them: what the candidate said is never dropped.
 */
export class KeptAnswerHolder {
  readonly #tasks: TaskGroup;
  readonly #answers: AnswerRecorder;
  readonly #finishWaitMs: number;
  readonly #shutdownWaitMs: number;
  #kept: KeptAnswer | null = null;
  readonly #saves = new Set<Promise<void>>();

  /**
   * @param opts.finishWaitMs how long a stop (or rejoin timeout) waits for the last words to be transcribed
   * @param opts.shutdownWaitMs the same at shutdown, which has its own deadline
   */
  constructor(opts: { tasks: TaskGroup; answers: AnswerRecorder; finishWaitMs: number; shutdownWaitMs: number }) {
    this.#tasks = opts.tasks;
    this.#answers = opts.answers;
    this.#finishWaitMs = opts.finishWaitMs;
    this.#shutdownWaitMs = opts.shutdownWaitMs;
  }

  /** Holds `kept` (replacing, and dropping, any answer held before). */
  hold(kept: KeptAnswer | null): void {
    this.#kept?.drop();
    this.#kept = kept;
  }

  /** Drops the held answer (the candidate answered the question again). */
  drop(): void {
    this.hold(null);
  }

  /**
   * Saves the held answer as `question` once its last words are in (bounded wait); evaluated
   * unless `evaluate` is false (shutdown: left pending for the background retry).
   */
  save(question: AskedQuestion, askedAtMs: number, evaluate: boolean): void {
    const kept = this.#kept;
    this.#kept = null;
    if (!kept) return;
    if (kept.number !== question.number) {
      kept.drop();
      return;
    }
    const waitMs = evaluate ? this.#finishWaitMs : this.#shutdownWaitMs;
    const task = this.#tasks.spawn('save kept answer', async () => {
      const answer = await kept.settle(waitMs);
      this.#answers.record(question, askedAtMs, answer, { evaluate });
    });
    this.#saves.add(task);
    void task.finally(() => this.#saves.delete(task));
  }

  /** The saves under way now (a snapshot). */
  pendingSaves(): Promise<void>[] {
    return [...this.#saves];
  }
}
