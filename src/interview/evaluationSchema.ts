import { z } from 'zod';
import type { RubricCriterion } from './rubric.ts';

/** Schema name used for structured output (and by FakeLanguageModel scripts). */
export const EVALUATION_SCHEMA_NAME = 'answer_evaluation';

/** One criterion as the model scores it: the quote first (it grounds the number), then the score. */
const criterionSchema = z.object({
  evidence: z.string().max(500).describe('A short verbatim quote copied exactly from the answer that justifies the score, or "" when none.'),
  score: z.number().min(0).max(10).describe('0-10 in whole or half points, against the anchors of this criterion.'),
});

/** What the model returns for one criterion. */
export type ModelCriterion = z.infer<typeof criterionSchema>;

/** What the model returns for one answer (see {@link evaluationSchema}). */
export type ModelEvaluation = {
  notEnoughReason: string | null;
  criteria: Record<string, ModelCriterion>;
  feedback: string;
  strengths: string[];
  improvements: string[];
};

/**
 * The structured output asked for one answer under `rubric`: one required property per
 * criterion key (so strict mode makes the model score every criterion exactly once), feedback,
 * strengths and improvements, and `notEnoughReason` (null when the answer can be judged, else
 * why not). There is no overall score: the question's score is derived from the criteria.
 * Bounds on strings are checked on the parsed reply; the model-facing schema drops them
 * (modelFacingResponseFormat), everything else is accepted by OpenAI's strict mode.
 */
export function evaluationSchema(rubric: readonly RubricCriterion[]): z.ZodType<ModelEvaluation> {
  // One schema object per set of criterion keys (the schema depends on nothing else), so the
  // model-facing JSON schema rendered from it is rendered once too (modelFacingResponseFormat).
  const key = rubric.map((c) => c.key).join('\u0000');
  let schema = schemasByKeys.get(key);
  if (!schema) {
    schema = buildEvaluationSchema(rubric);
    if (schemasByKeys.size >= MAX_CACHED_SCHEMAS) schemasByKeys.delete(schemasByKeys.keys().next().value!);
    schemasByKeys.set(key, schema);
  }
  return schema;
}

/** Rubrics are per server and type: a few hundred distinct key sets at most in one process. */
const MAX_CACHED_SCHEMAS = 500;
const schemasByKeys = new Map<string, z.ZodType<ModelEvaluation>>();

function buildEvaluationSchema(rubric: readonly RubricCriterion[]): z.ZodType<ModelEvaluation> {
  const criteria = Object.fromEntries(rubric.map((c) => [c.key, criterionSchema]));
  return z.object({
    // A plain type union (["string", "null"]) for strict mode; its length is bounded by the evaluator.
    notEnoughReason: z
      .string()
      .nullable()
      .describe('null when the answer has enough content to judge; otherwise one short sentence saying why it cannot be scored.'),
    criteria: z.object(criteria),
    feedback: z.string().trim().max(2_000),
    strengths: z.array(z.string().trim().min(1).max(300)).max(6),
    improvements: z.array(z.string().trim().min(1).max(300)).max(6),
  }) as z.ZodType<ModelEvaluation>;
}
