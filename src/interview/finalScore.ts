import type { AnswerStatus, EvaluationStatus } from './types.ts';

/** What the final score needs from each question. */
export interface ScoredQuestion {
  answerStatus: AnswerStatus;
  evaluationStatus: EvaluationStatus;
  score: number | null;
}

/**
 * Mean score over the questions ASKED (`questions` holds exactly those), rounded to 2 decimals:
 * unanswered, skipped and not-enough-to-score answers count 0; questions never asked (an
 * interview ended early) do not count. Null when nothing was asked, and while any answered
 * question is not scored yet (pending or unscored): a made-up number is worse than none.
 * sql/010_rubric_scores.sql computes the same for start-up recovery (mark_interrupted).
 */
export function finalScore(questions: readonly ScoredQuestion[]): number | null {
  if (questions.length === 0) return null;
  let sum = 0;
  for (const q of questions) {
    if (q.answerStatus !== 'answered' || q.evaluationStatus === 'not_enough') continue;
    if (q.evaluationStatus !== 'scored' || q.score === null) return null;
    sum += q.score;
  }
  return Math.round((sum / questions.length) * 100) / 100;
}
