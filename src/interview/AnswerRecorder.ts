import type { EvaluationResult, Store } from './Store.ts';
import type { AnswerEvaluator } from './AnswerEvaluator.ts';
import { finalScore } from './finalScore.ts';
import type { PreviousTurn } from './prompts.ts';
import type { RubricCriterion } from './rubric.ts';
import type { SessionScope } from './SessionScope.ts';
import type { AnswerStatus, Evaluation, EvaluationStatus, InterviewRecord } from './types.ts';

/** One question's outcome, as stored. */
export interface QuestionOutcome {
  number: number;
  questionText: string;
  isFallback: boolean;
  /** A question of the server's bank, asked as written. */
  fromBank?: boolean;
  isFollowUp: boolean;
  answerStatus: AnswerStatus;
  answerTranscript: string | null;
  evaluationStatus: EvaluationStatus;
  evaluation: Evaluation | null;
  /** Why the answer could not be scored, when `evaluationStatus` is `not_enough`. */
  notEnoughReason?: string | null;
}

/** Options of {@link AnswerRecorder}. */
export interface AnswerRecorderOptions {
  interview: InterviewRecord;
  /** Given to the evaluator (untrusted, fenced there). */
  jobDescription: string;
  store: Store;
  evaluator: AnswerEvaluator;
  /** The server's rubric for this interview, fetched once at the start (default DEFAULT_RUBRICS[type]). */
  rubric?: readonly RubricCriterion[];
  /** Owns the evaluations; its signal aborts them at shutdown (they stay pending for retryUnscored). */
  scope: SessionScope;
}

/**
 * The interview's recorded answers: the list of outcomes, each answered one evaluated in the
 * background (beside whatever the session does next) once its row is saved, the evaluation saved
 * (or `unscored` when it failed, never an invented score), and the final score. Each answer's
 * own row is written by its turn (see `AnswerTurn`).
 */
export class AnswerRecorder {
  readonly #o: AnswerRecorderOptions;
  readonly #turns: QuestionOutcome[] = [];
  readonly #pending = new Set<Promise<void>>();

  constructor(opts: AnswerRecorderOptions) {
    this.#o = opts;
  }

  /** Number of questions recorded. */
  get count(): number {
    return this.#turns.length;
  }

  /** The most recently recorded outcome (a copy), or null. */
  get last(): QuestionOutcome | null {
    const last = this.#turns.at(-1);
    return last ? { ...last } : null;
  }

  /**
   * Adds `outcome` (its evaluation `pending` when answered). `saved` settles, never rejecting,
   * once its row is written; an answered one is then evaluated unless `evaluate` is false
   * (shutdown: it stays pending for retryUnscored).
   */
  add(outcome: QuestionOutcome, saved: Promise<void>, evaluate: boolean): void {
    const turn = { ...outcome };
    this.#turns.push(turn);
    this.#track(saved);
    const transcript = turn.answerStatus === 'answered' ? turn.answerTranscript : null;
    if (transcript && evaluate) this.#track(this.#o.scope.tasks.spawn('evaluation', () => this.#evaluate(turn, transcript, saved)));
  }

  async #evaluate(turn: QuestionOutcome, answer: string, saved: Promise<void>): Promise<void> {
    const { jobTitle, type, language, guildId, id: interviewId } = this.#o.interview;
    const { signal, log } = this.#o.scope;
    let result: EvaluationResult;
    try {
      result = await this.#o.evaluator.evaluate({ jobTitle, type, language, jobDescription: this.#o.jobDescription, question: turn.questionText, answer, rubric: this.#o.rubric }, signal);
    } catch (err) {
      if (signal.aborted) return; // Shutdown: stays pending; retryUnscored picks it up.
      log?.warn({ err, number: turn.number }, 'evaluation failed; answer left unscored');
      result = { kind: 'unscored', reason: err instanceof Error ? err.name : 'error' };
    }
    await saved; // saveEvaluation needs the row; a failed save is reported by its own task
    try {
      await this.#o.store.saveEvaluation(guildId, interviewId, turn.number, result);
    } catch (err) {
      // The answer itself is saved (pending): retryUnscored evaluates it again later. Not worth
      // failing the live interview for; the turn stays pending, so the final score stays null.
      log?.error({ err, number: turn.number }, 'could not save the evaluation; the answer stays pending for the retry');
      return;
    }
    turn.evaluationStatus = result.kind;
    turn.evaluation = result.kind === 'scored' ? result.evaluation : null;
    turn.notEnoughReason = result.kind === 'not_enough' ? result.reason : null;
  }

  #track(task: Promise<void>): void {
    this.#pending.add(task);
    void task.finally(() => this.#pending.delete(task));
  }

  /** Resolves when every save and evaluation added so far has finished. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** The turns so far, for the next question's prompt. */
  previousTurns(): PreviousTurn[] {
    return this.#turns.map((t) => ({ number: t.number, question: t.questionText, answer: t.answerTranscript, skipped: t.answerStatus === 'skipped', isFollowUp: t.isFollowUp }));
  }

  /** Copies of the outcomes so far. */
  outcomes(): QuestionOutcome[] {
    return this.#turns.map((q) => ({ ...q }));
  }

  /** Mean over the questions asked; null while any answered one is pending or unscored. */
  finalScore(): number | null {
    return finalScore(this.#turns.map((t) => ({ answerStatus: t.answerStatus, evaluationStatus: t.evaluationStatus, score: t.evaluation?.score ?? null })));
  }
}
