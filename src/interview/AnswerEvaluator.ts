import { z } from 'zod';
import type { LanguageModel } from '../ai/LanguageModel.ts';
import { buildEvaluationPrompt, type EvaluationPromptInput } from './prompts.ts';
import { containsQuote } from './textSimilarity.ts';
import type { Evaluation } from './types.ts';

/**
 * What the model must return. Out-of-range or non-numeric scores fail validation, which the
 * LanguageModel treats as a retryable failure: an invalid score is never accepted.
 */
export const EvaluationSchema = z.object({
  score: z.number().finite().min(0).max(10),
  feedback: z.string().trim().min(1).max(2_000),
  strengths: z.array(z.string().trim().min(1).max(300)).max(6),
  improvements: z.array(z.string().trim().min(1).max(300)).max(6),
  evidence: z.string().max(500),
});

/** Schema name used for structured output (and by FakeLanguageModel scripts). */
export const EVALUATION_SCHEMA_NAME = 'answer_evaluation';

/** Thrown when the model's output is unusable even after the model's own retries. */
export class InvalidEvaluationError extends Error {
  override name = 'InvalidEvaluationError';
}

/** Input of {@link AnswerEvaluator.evaluate}. */
export type EvaluationInput = Omit<EvaluationPromptInput, 'makeBoundary'>;

/**
 * Scores one non-empty answer through structured output. The score is validated (0–10, rounded
 * to the nearest half point) and the evidence must be a real quote from the answer, else it is
 * dropped (''). Throws (AiError or {@link InvalidEvaluationError}) when no valid evaluation
 * could be obtained: the caller records the answer as unscored, never a made-up score.
 */
export class AnswerEvaluator {
  readonly #model: LanguageModel;
  readonly #attempts: number;

  /** @param opts.attempts how many times to ask when the output passes the schema but is still invalid (default 2) */
  constructor(model: LanguageModel, opts: { attempts?: number } = {}) {
    this.#model = model;
    this.#attempts = opts.attempts ?? 2;
  }

  async evaluate(input: EvaluationInput, signal?: AbortSignal): Promise<Evaluation> {
    if (input.answer.trim() === '') throw new InvalidEvaluationError('empty answers are not evaluated');
    let lastError: Error = new InvalidEvaluationError('no attempt');
    for (let i = 0; i < this.#attempts; i++) {
      const out = await this.#model.structured(buildEvaluationPrompt(input), EvaluationSchema, EVALUATION_SCHEMA_NAME, { temperature: 0.2, signal });
      const checked = AnswerEvaluator.validate(out, input.answer);
      if (checked instanceof Error) {
        lastError = checked;
        continue;
      }
      return checked;
    }
    throw lastError;
  }

  /** Checks and normalises a model output; an Error when the score is unusable. */
  static validate(out: unknown, answer: string): Evaluation | InvalidEvaluationError {
    const parsed = EvaluationSchema.safeParse(out);
    if (!parsed.success) return new InvalidEvaluationError('evaluation does not match the schema');
    const { score, feedback, strengths, improvements, evidence } = parsed.data;
    const rounded = Math.round(score * 2) / 2;
    if (!Number.isFinite(rounded) || rounded < 0 || rounded > 10) return new InvalidEvaluationError('score out of range');
    return {
      score: rounded,
      feedback,
      strengths,
      improvements,
      evidence: containsQuote(answer, evidence) ? evidence.trim() : '',
    };
  }
}
