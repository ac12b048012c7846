import type { EvaluationResult } from '../Store.ts';
import type { QuestionRecord } from '../types.ts';

/** What PostgreSQL says when a row breaks a check constraint (the message names only the constraint). */
function checkViolation(column: string): Error {
  return Object.assign(new Error(`new row for relation "questions" violates check constraint "questions_${column}_check"`), { code: '23514' });
}

/**
 * MemoryStore's saveEvaluation, like sql/010's save_evaluation: a score or a not-enough verdict
 * replaces what was there (criteria included); a failure never overwrites either verdict. Throws
 * like the check constraints (scores 0–10, criteria a list of 0–10 scores).
 */
export class MemoryEvaluations {
  /** Checks `result` as the table's constraints would, before anything is written. */
  static check(result: EvaluationResult): void {
    if (result.kind !== 'scored') return;
    const e = result.evaluation;
    if (!(e.score >= 0 && e.score <= 10)) throw checkViolation('score');
    if (!Array.isArray(e.criteria) || e.criteria.some((c) => typeof c.score !== 'number' || !(c.score >= 0 && c.score <= 10))) throw checkViolation('criteria');
  }

  /** Applies `result` to the stored question `q` (in place). */
  static apply(q: QuestionRecord, result: EvaluationResult, now = new Date()): void {
    if (result.kind === 'scored') {
      const e = result.evaluation;
      Object.assign(q, {
        evaluationStatus: 'scored', score: e.score, feedback: e.feedback, strengths: [...e.strengths], improvements: [...e.improvements],
        evidence: e.evidence, criteria: structuredClone(e.criteria), evaluatedAt: now,
      });
    } else if (result.kind === 'not_enough') {
      Object.assign(q, { evaluationStatus: 'not_enough', score: null, feedback: result.reason, strengths: [], improvements: [], evidence: null, criteria: [], evaluatedAt: now });
    } else if (q.evaluationStatus !== 'scored' && q.evaluationStatus !== 'not_enough') {
      // A late failure never overwrites a verdict; a failed try counts as tried (the retry order).
      Object.assign(q, { evaluationStatus: 'unscored', evaluatedAt: now });
    }
  }
}
