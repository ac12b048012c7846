import type { LanguageModel } from '../ai/LanguageModel.ts';
import type { Logger } from '../logger.ts';
import type { EvaluationResult, Store } from '../db/Store.ts';
import { AnswerEvaluator } from './AnswerEvaluator.ts';
import { finalScore } from './finalScore.ts';

/** What one pass of {@link retryUnscored} did. */
export interface RetryUnscoredReport {
  scored: number;
  failed: number;
  /** Items left alone (interview still running, or nothing to evaluate). */
  skipped: number;
}

/**
 * Re-evaluates answers whose evaluation is pending or unscored (failed earlier, or cut by a
 * shutdown) and updates each finished interview's final score once nothing in it is unscored.
 * Interviews still `in_progress` are left to their live session. The job description is not
 * stored, so late evaluations judge the answer against the question and job title only.
 * Safe to run repeatedly (e.g. every few minutes); never invents a score.
 */
export async function retryUnscored(
  store: Store,
  model: LanguageModel,
  opts: { limit?: number; signal?: AbortSignal; logger?: Logger } = {},
): Promise<RetryUnscoredReport> {
  const evaluator = new AnswerEvaluator(model);
  const report: RetryUnscoredReport = { scored: 0, failed: 0, skipped: 0 };
  const items = await store.listUnscored(opts.limit ?? 20);
  const touched = new Map<string, string>();
  for (const item of items) {
    opts.signal?.throwIfAborted();
    const details = await store.getInterview(item.guildId, item.interviewId);
    const q = details?.questions.find((x) => x.number === item.number);
    if (!details || !q || details.interview.status === 'in_progress' || q.answerStatus !== 'answered' || !q.answerTranscript?.trim()) {
      report.skipped++;
      continue;
    }
    const { jobTitle, type, language } = details.interview;
    let result: EvaluationResult;
    try {
      const evaluation = await evaluator.evaluate({ jobTitle, type, language, jobDescription: '', question: q.questionText, answer: q.answerTranscript }, opts.signal);
      result = { kind: 'scored', evaluation };
      report.scored++;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      opts.logger?.warn({ err, interviewId: item.interviewId, number: item.number }, 'evaluation retry failed');
      result = { kind: 'unscored', reason: err instanceof Error ? err.name : 'error' };
      report.failed++;
    }
    await store.saveEvaluation(item.guildId, item.interviewId, item.number, result);
    touched.set(item.interviewId, item.guildId);
  }
  for (const [interviewId, guildId] of touched) {
    const details = await store.getInterview(guildId, interviewId);
    if (!details) continue;
    const score = finalScore(details.questions, details.interview.questionCount);
    if (score !== details.interview.finalScore) await store.setFinalScore(guildId, interviewId, score);
  }
  return report;
}
