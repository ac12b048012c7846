import type { LanguageModel } from '../ai/LanguageModel.ts';
import type { Logger } from '../logger.ts';
import type { EvaluationResult, Store } from './Store.ts';
import { AnswerEvaluator } from './AnswerEvaluator.ts';
import { finalScore } from './finalScore.ts';
import { loadRubric } from './loadRubric.ts';
import type { RubricCriterion } from './rubric.ts';
import type { InterviewType, QuestionRecord } from './types.ts';

/** What one pass of {@link retryUnscored} did. */
export interface RetryUnscoredReport {
  /** Answers settled in this pass: scored, or found not enough to score. */
  scored: number;
  /** Evaluations that failed again (saved as unscored), or could not be saved. */
  failed: number;
  /** Items left alone (interview still running, or nothing to evaluate). */
  skipped: number;
  /** Interviews with at least one answer scored in this pass (their posted results are stale). */
  rescored: Array<{ guildId: string; interviewId: string }>;
}

type Item = { guildId: string; interviewId: string; number: number };
/** Rubrics read in this pass, by guild and type (read once per pass, like once per live interview). */
type Rubrics = Map<string, Promise<readonly RubricCriterion[]>>;

/**
 * Re-evaluates answers whose evaluation is pending or unscored (failed earlier, or cut by a
 * shutdown) and updates the interview's final score right after each saved evaluation, so a
 * later failure in the same pass cannot leave a finished interview without its score.
 * Interviews still `in_progress` are left to their live session. The job description is not
 * stored, so late evaluations judge the answer against the question and job title only.
 * One item that cannot be saved does not stop the others. Safe to run repeatedly (e.g. every
 * few minutes); never invents a score.
 */
export async function retryUnscored(
  store: Store,
  model: LanguageModel,
  opts: { limit?: number; signal?: AbortSignal; logger?: Logger } = {},
): Promise<RetryUnscoredReport> {
  const evaluator = new AnswerEvaluator(model);
  const report: RetryUnscoredReport = { scored: 0, failed: 0, skipped: 0, rescored: [] };
  const rubrics: Rubrics = new Map();
  const items = await store.listUnscored(opts.limit ?? 20);
  for (const item of items) {
    opts.signal?.throwIfAborted();
    try {
      const outcome = await retryOne(store, evaluator, item, rubrics, opts);
      report[outcome]++;
      const { guildId, interviewId } = item;
      if (outcome === 'scored' && !report.rescored.some((r) => r.interviewId === interviewId)) report.rescored.push({ guildId, interviewId });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      opts.logger?.error({ err, interviewId: item.interviewId, number: item.number }, 'evaluation retry could not be saved');
      report.failed++;
    }
  }
  return report;
}

async function retryOne(
  store: Store,
  evaluator: AnswerEvaluator,
  item: Item,
  rubrics: Rubrics,
  opts: { signal?: AbortSignal; logger?: Logger },
): Promise<'scored' | 'failed' | 'skipped'> {
  const details = await store.getInterview(item.guildId, item.interviewId);
  const q = details?.questions.find((x) => x.number === item.number);
  if (!details || !q || details.interview.status === 'in_progress' || q.answerStatus !== 'answered' || !q.answerTranscript?.trim()) {
    return 'skipped';
  }
  const { jobTitle, type, language } = details.interview;
  const rubric = await rubricOf(store, rubrics, item.guildId, type, opts.logger);
  let result: EvaluationResult;
  try {
    result = await evaluator.evaluate({ jobTitle, type, language, jobDescription: '', question: q.questionText, answer: q.answerTranscript, rubric }, opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    opts.logger?.warn({ err, interviewId: item.interviewId, number: item.number }, 'evaluation retry failed');
    result = { kind: 'unscored', reason: err instanceof Error ? err.name : 'error' };
  }
  await store.saveEvaluation(item.guildId, item.interviewId, item.number, result);
  const updated: QuestionRecord[] = details.questions.map((x) =>
    x.number !== item.number ? x : result.kind === 'scored' ? { ...x, evaluationStatus: 'scored', score: result.evaluation.score } : { ...x, evaluationStatus: result.kind, score: null },
  );
  const score = finalScore(updated);
  if (score !== details.interview.finalScore) await store.setFinalScore(item.guildId, item.interviewId, score);
  // Not enough to score is a verdict too: the answer is settled, like a score.
  return result.kind === 'unscored' ? 'failed' : 'scored';
}

function rubricOf(store: Store, rubrics: Rubrics, guildId: string, type: InterviewType, logger: Logger | undefined): Promise<readonly RubricCriterion[]> {
  const key = `${guildId}\u0000${type}`;
  let rubric = rubrics.get(key);
  if (!rubric) {
    rubric = loadRubric(store, guildId, type, logger);
    rubrics.set(key, rubric);
  }
  return rubric;
}
