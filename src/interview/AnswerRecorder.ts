import type { EvaluationResult, Store } from './Store.ts';
import type { Logger } from '../logger.ts';
import type { AnswerEvaluator } from './AnswerEvaluator.ts';
import { finalScore } from './finalScore.ts';
import type { CapturedAnswer, Clock } from './InterviewIO.ts';
import type { PreviousTurn } from './prompts.ts';
import { ProvisionalAnswerSaver } from './ProvisionalAnswerSaver.ts';
import { isEmptyAnswer, type AskedQuestion } from './sessionState.ts';
import type { TaskGroup } from '../util/TaskGroup.ts';
import type { AnswerStatus, Evaluation, EvaluationStatus, InterviewRecord } from './types.ts';

/** One question's outcome, as stored. */
export interface QuestionOutcome {
  number: number;
  questionText: string;
  isFallback: boolean;
  isFollowUp: boolean;
  answerStatus: AnswerStatus;
  answerTranscript: string | null;
  evaluationStatus: EvaluationStatus;
  evaluation: Evaluation | null;
}

/** Options of {@link AnswerRecorder}. */
export interface AnswerRecorderOptions {
  interview: InterviewRecord;
  /** Given to the evaluator (untrusted, fenced there). */
  jobDescription: string;
  store: Store;
  evaluator: AnswerEvaluator;
  clock: Clock;
  /** Owner of the save and evaluation tasks. */
  tasks: TaskGroup;
  /** Aborts evaluations on shutdown (they stay pending for retryUnscored). */
  signal: AbortSignal;
  logger?: Logger;
}

/**
 * The interview's answers: saves each one the moment it ends, evaluates answered ones in the
 * background (beside whatever the session does next), saves the evaluation (or `unscored` when
 * it failed, never an invented score) and computes the final score.
 */
export class AnswerRecorder {
  readonly #o: AnswerRecorderOptions;
  readonly #turns: Array<QuestionOutcome & { skipped: boolean }> = [];
  readonly #persist = new Set<Promise<void>>();
  readonly #provisional: ProvisionalAnswerSaver;

  constructor(opts: AnswerRecorderOptions) {
    this.#o = opts;
    this.#provisional = new ProvisionalAnswerSaver({ store: opts.store, tasks: opts.tasks, logger: opts.logger });
  }

  /**
   * The answer to `question` grew to `transcriptSoFar`: saves it provisionally (answered, its
   * evaluation pending, not evaluated now) so a killed process does not lose it. Never blocks;
   * serialised and coalesced per question; a failed write is logged and ignored. The final save
   * ({@link record}) overwrites it.
   */
  saveProvisional(question: AskedQuestion, askedAtMs: number, transcriptSoFar: string, durationMs: number | null): void {
    const transcript = transcriptSoFar.trim();
    if (!transcript) return;
    const { id: interviewId, guildId } = this.#o.interview;
    this.#provisional.save({
      guildId, interviewId, number: question.number, questionText: question.text, isFallback: question.isFallback,
      answerStatus: 'answered', answerTranscript: transcript, answerDurationMs: durationMs, analytics: null,
      askedAt: new Date(askedAtMs), answeredAt: null,
    });
  }

  /** Question `question` is asked again: words saved provisionally for it are void (an unanswered row replaces them). */
  discardProvisional(question: AskedQuestion, askedAtMs: number): void {
    const { id: interviewId, guildId } = this.#o.interview;
    this.#provisional.reset(question.number, { guildId, interviewId, number: question.number, questionText: question.text, isFallback: question.isFallback, askedAt: new Date(askedAtMs) });
  }

  /** Number of questions recorded. */
  get count(): number {
    return this.#turns.length;
  }

  /**
   * Records question `question.number`: skipped when `answer` is null, unanswered when it is
   * empty (not sent to the model), else answered and evaluated in the background — unless
   * `opts.evaluate` is false (shutdown): then it is saved with its evaluation pending, for
   * retryUnscored to score later.
   */
  record(question: AskedQuestion, askedAtMs: number, answer: CapturedAnswer | null, opts: { evaluate?: boolean } = {}): QuestionOutcome {
    const answerStatus: AnswerStatus = answer === null ? 'skipped' : isEmptyAnswer(answer) ? 'unanswered' : 'answered';
    const transcript = answerStatus === 'answered' && answer ? answer.transcript.trim() : null;
    const turn = {
      number: question.number,
      questionText: question.text,
      isFallback: question.isFallback,
      isFollowUp: question.isFollowUp,
      answerStatus,
      answerTranscript: transcript,
      evaluationStatus: (answerStatus === 'answered' ? 'pending' : 'not_applicable') as EvaluationStatus,
      evaluation: null as Evaluation | null,
      skipped: answer === null,
    };
    this.#turns.push(turn);
    const { id: interviewId, guildId } = this.#o.interview;
    // The final row is written after the last provisional write of this question, so it wins.
    const provisionalDone = this.#provisional.seal(question.number);
    const answeredAt = new Date(this.#o.clock.now());
    // Retries (during an outage) belong to the store given in: the bot's StoreWriteQueue.
    const saved = provisionalDone.then(() =>
      this.#o.store.saveAnswer({
        guildId,
        interviewId,
        number: question.number,
        questionText: question.text,
        isFallback: question.isFallback,
        answerStatus,
        answerTranscript: transcript,
        answerDurationMs: answer?.durationMs ?? null,
        analytics: answer?.analytics ?? null,
        askedAt: new Date(askedAtMs),
        answeredAt,
      }),
    );
    this.#track('save answer', () => saved);
    if (transcript !== null && opts.evaluate !== false) this.#track('evaluation', () => this.#evaluate(turn, transcript, saved));
    return turn;
  }

  async #evaluate(turn: QuestionOutcome, answer: string, saved: Promise<void>): Promise<void> {
    const { jobTitle, type, language, guildId, id: interviewId } = this.#o.interview;
    let result: EvaluationResult;
    try {
      const evaluation = await this.#o.evaluator.evaluate({ jobTitle, type, language, jobDescription: this.#o.jobDescription, question: turn.questionText, answer }, this.#o.signal);
      result = { kind: 'scored', evaluation };
    } catch (err) {
      if (this.#o.signal.aborted) return; // Shutdown: stays pending; retryUnscored picks it up.
      this.#o.logger?.warn({ err, number: turn.number }, 'evaluation failed; answer left unscored');
      result = { kind: 'unscored', reason: err instanceof Error ? err.name : 'error' };
    }
    await saved.catch(() => undefined); // saveEvaluation needs the row; a failed save is reported by its own task
    try {
      await this.#o.store.saveEvaluation(guildId, interviewId, turn.number, result);
    } catch (err) {
      // The answer itself is saved (pending): retryUnscored evaluates it again later. Not worth
      // failing the live interview for; the turn stays pending, so the final score stays null.
      this.#o.logger?.error({ err, number: turn.number }, 'could not save the evaluation; the answer stays pending for the retry');
      return;
    }
    turn.evaluationStatus = result.kind;
    turn.evaluation = result.kind === 'scored' ? result.evaluation : null;
  }

  #track(name: string, fn: () => Promise<void>): void {
    const task = this.#o.tasks.spawn(name, fn);
    this.#persist.add(task);
    void task.finally(() => this.#persist.delete(task));
  }

  /** Resolves when every save and evaluation started so far has finished. */
  async settle(): Promise<void> {
    while (this.#persist.size > 0) await Promise.allSettled([...this.#persist]);
    await this.#provisional.idle();
  }

  /** The turns so far, for the next question's prompt. */
  previousTurns(): PreviousTurn[] {
    return this.#turns.map((t) => ({ number: t.number, question: t.questionText, answer: t.answerTranscript, skipped: t.skipped, isFollowUp: t.isFollowUp }));
  }

  /** Copies of the outcomes so far. */
  outcomes(): QuestionOutcome[] {
    return this.#turns.map(({ skipped: _s, ...q }) => ({ ...q }));
  }

  /** Mean over all N questions; null while any answered one is pending or unscored. */
  finalScore(): number | null {
    return finalScore(this.#turns.map((t) => ({ answerStatus: t.answerStatus, evaluationStatus: t.evaluationStatus, score: t.evaluation?.score ?? null })), this.#o.interview.questionCount);
  }
}
