import type { LanguageModel } from '../ai/LanguageModel.ts';
import { EVALUATION_SCHEMA_NAME, evaluationSchema } from './evaluationSchema.ts';
import { notEnoughToScore } from './notEnoughToScore.ts';
import { buildEvaluationPrompt, type EvaluationPromptInput } from './prompts.ts';
import { DEFAULT_RUBRICS, type CriterionScore, type RubricCriterion } from './rubric.ts';
import { containsQuote } from './textSimilarity.ts';
import type { Evaluation } from './types.ts';

export { EVALUATION_SCHEMA_NAME, evaluationSchema } from './evaluationSchema.ts';

/** The evaluation schema under the default technical rubric (schema tests and docs). */
export const EvaluationSchema = evaluationSchema(DEFAULT_RUBRICS.technical);

/** Thrown when the model's output is unusable even after the model's own retries. */
export class InvalidEvaluationError extends Error {
  override name = 'InvalidEvaluationError';
}

/** Input of {@link AnswerEvaluator.evaluate}. `rubric` defaults to DEFAULT_RUBRICS[type]. */
export type EvaluationInput = Omit<EvaluationPromptInput, 'makeBoundary'>;

/** What an evaluation gives: a score derived from the rubric, or not enough to score (with why). */
export type EvaluationVerdict = { kind: 'scored'; evaluation: Evaluation } | { kind: 'not_enough'; reason: string };

/** A model's "not enough to score" reason is cut to this (it is shown in one embed line). */
export const MAX_REASON_CHARS = 300;

/** `x` rounded to the nearest half point. */
export function toHalfPoints(x: number): number {
  return Math.round(x * 2) / 2;
}

/**
 * Scores one answer against a rubric through structured output. An answer too short or empty
 * of content is `not_enough` without asking the model (see {@link notEnoughToScore}); the model
 * may also say so (`notEnoughReason`). Otherwise each criterion gets a score (0–10, half
 * points) and its evidence, which must be a real quote from the answer, else it is dropped
 * (''). The question's score is the mean of the criterion scores, in half points: the model
 * gives no overall number. Throws (AiError or {@link InvalidEvaluationError}) when no valid
 * evaluation could be obtained: the caller records the answer as unscored, never a made-up score.
 */
export class AnswerEvaluator {
  readonly #model: LanguageModel;
  readonly #attempts: number;

  /** @param opts.attempts how many times to ask when the output passes the schema but is still invalid (default 2) */
  constructor(model: LanguageModel, opts: { attempts?: number } = {}) {
    this.#model = model;
    this.#attempts = opts.attempts ?? 2;
  }

  async evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<EvaluationVerdict> {
    const tooLittle = notEnoughToScore(input.answer);
    if (tooLittle !== null) return { kind: 'not_enough', reason: tooLittle };
    const rubric = input.rubric && input.rubric.length > 0 ? input.rubric : DEFAULT_RUBRICS[input.type];
    const schema = evaluationSchema(rubric);
    let lastError: Error = new InvalidEvaluationError('no attempt');
    for (let i = 0; i < this.#attempts; i++) {
      const out = await this.#model.structured(buildEvaluationPrompt({ ...input, rubric }), schema, EVALUATION_SCHEMA_NAME, { temperature: 0.2, signal });
      const checked = AnswerEvaluator.validate(out, input.answer, rubric);
      if (checked instanceof Error) {
        lastError = checked;
        continue;
      }
      return checked;
    }
    throw lastError;
  }

  /** Checks and normalises a model output under `rubric`; an Error when it is unusable. */
  static validate(out: unknown, answer: string, rubric: readonly RubricCriterion[]): EvaluationVerdict | InvalidEvaluationError {
    const parsed = evaluationSchema(rubric).safeParse(out);
    if (!parsed.success) return new InvalidEvaluationError('evaluation does not match the schema');
    const { notEnoughReason, criteria: byKey, feedback, strengths, improvements } = parsed.data;
    const reason = notEnoughReason?.replace(/\s+/g, ' ').trim();
    if (reason) return { kind: 'not_enough', reason: reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS - 1).trimEnd()}…` };
    if (feedback === '') return new InvalidEvaluationError('evaluation has no feedback');
    const criteria: CriterionScore[] = [];
    for (const c of rubric) {
      const scored = byKey[c.key];
      if (!scored) return new InvalidEvaluationError(`criterion ${c.key} is missing`);
      const score = toHalfPoints(scored.score);
      if (!Number.isFinite(score) || score < 0 || score > 10) return new InvalidEvaluationError('criterion score out of range');
      criteria.push({ key: c.key, name: c.name, score, evidence: containsQuote(answer, scored.evidence) ? scored.evidence.trim() : '' });
    }
    const score = toHalfPoints(criteria.reduce((sum, c) => sum + c.score, 0) / criteria.length);
    // The quote behind the best-scored criterion stands for the whole answer.
    const best = [...criteria].sort((a, b) => b.score - a.score).find((c) => c.evidence !== '');
    return { kind: 'scored', evaluation: { score, feedback, strengths, improvements, evidence: best?.evidence ?? '', criteria } };
  }
}
