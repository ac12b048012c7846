import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEALTH_CHECK_SCHEMA_NAME, HealthCheckSchema } from '../../src/doctor/checkChatModel.ts';
import type { z } from 'zod';
import { modelFacingResponseFormat } from '../../src/ai/modelFacingResponseFormat.ts';
import { EVALUATION_SCHEMA_NAME, EvaluationSchema } from '../../src/interview/AnswerEvaluator.ts';
import { QUESTION_SCHEMA_NAME, QuestionSchema } from '../../src/interview/QuestionGenerator.ts';
import { PAUSE_JUDGEMENT_SCHEMA_NAME, PauseJudgementSchema } from '../../src/interview/turns/judgeEndOfAnswer.ts';
import { validateStrictJsonSchema } from '../harness/openai/strictJsonSchema.ts';
import { rubricReply } from '../interview/fakes/rubricReply.ts';

/** Every schema the bot sends to a model. A new `.structured(` call must be added here. */
const SCHEMAS: Array<[string, z.ZodType]> = [
  [HEALTH_CHECK_SCHEMA_NAME, HealthCheckSchema],
  [EVALUATION_SCHEMA_NAME, EvaluationSchema],
  [QUESTION_SCHEMA_NAME, QuestionSchema],
  [PAUSE_JUDGEMENT_SCHEMA_NAME, PauseJudgementSchema],
];

/** Files whose `.structured(` only passes the caller's schema on (no schema of their own). */
const FORWARDERS = new Set([join('src', 'ai', 'withCapabilityHealth.ts')]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('model-facing schemas', () => {
  it('lists every structured-output call in src/ (so none escapes the check below)', () => {
    const calls = sourceFiles('src').filter((f) => !FORWARDERS.has(f)).flatMap((f) => readFileSync(f, 'utf8').match(/\.structured\(/g) ?? []);
    expect(calls.length).toBe(SCHEMAS.length);
  });

  it.each(SCHEMAS)('%s is accepted by strict Structured Outputs', (name, schema) => {
    const { responseFormat } = modelFacingResponseFormat(schema, name);
    expect(validateStrictJsonSchema(name, responseFormat.json_schema.schema)).toBeNull();
  });

  it('the raw zod rendering of the evaluation schema is what OpenAI refused (the check can fail)', async () => {
    const { zodResponseFormat } = await import('openai/helpers/zod');
    const raw = zodResponseFormat(EvaluationSchema, EVALUATION_SCHEMA_NAME).json_schema.schema;
    expect(validateStrictJsonSchema(EVALUATION_SCHEMA_NAME, raw)).toMatch(/'(minLength|maxLength)' is not permitted/);
  });

  it('bounds left out of the model-facing schema are still checked on the parsed reply', () => {
    const ok = rubricReply('', { score: 7, feedback: 'Concrete.', strengths: ['clear'], improvements: [] });
    expect(EvaluationSchema.safeParse(ok).success).toBe(true);
    expect(EvaluationSchema.safeParse({ ...ok, strengths: [''] }).success).toBe(false);
    expect(EvaluationSchema.safeParse({ ...ok, feedback: 'x'.repeat(2_001) }).success).toBe(false);
    expect(EvaluationSchema.safeParse({ ...ok, criteria: { ...ok.criteria, trade_offs: { evidence: 'x'.repeat(501), score: 5 } } }).success).toBe(false);
    expect(QuestionSchema.safeParse({ question: 'Why?', isFollowUp: false, focus: '' }).success).toBe(false);
  });
});
