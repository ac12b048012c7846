import type { AnswerStatus, EvaluationStatus } from './types.ts';

/** What the final score needs from each question. */
export interface ScoredQuestion {
  answerStatus: AnswerStatus;
  evaluationStatus: EvaluationStatus;
  score: number | null;
}

/**
 * Mean score over ALL `total` questions, rounded to 2 decimals: unanswered, skipped and never
 * asked questions count 0. Null while any answered question is not scored yet (pending or
 * unscored): a made-up number is worse than none.
 */
export function finalScore(questions: readonly ScoredQuestion[], total: number): number | null {
  if (total <= 0) return null;
  let sum = 0;
  for (const q of questions) {
    if (q.answerStatus !== 'answered') continue;
    if (q.evaluationStatus !== 'scored' || q.score === null) return null;
    sum += q.score;
  }
  return Math.round((sum / total) * 100) / 100;
}
