import { afterEach, describe, expect, it } from 'vitest';
import { AiError } from '../../src/ai/AiError.ts';
import { modelFacingResponseFormat } from '../../src/ai/modelFacingResponseFormat.ts';
import { OpenAiLanguageModel } from '../../src/ai/OpenAiLanguageModel.ts';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';
import { AnswerEvaluator, EVALUATION_SCHEMA_NAME, evaluationSchema, InvalidEvaluationError } from '../../src/interview/AnswerEvaluator.ts';
import { notEnoughToScore } from '../../src/interview/notEnoughToScore.ts';
import { DEFAULT_RUBRICS, type RubricCriterion } from '../../src/interview/rubric.ts';
import { testLogger } from '../ai/testLogger.ts';
import { validateStrictJsonSchema } from '../harness/openai/strictJsonSchema.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { fencedBlock, userText } from './fakes/scriptedModel.ts';

const ANSWER = 'I split the cache by tenant, measured hit rates with tracing, and chose write-through because stale balances were not acceptable for payments.';
const input = { jobTitle: 'Backend Engineer', type: 'technical' as const, language: 'English', jobDescription: 'Go, PostgreSQL', question: 'How did you design the cache?', answer: ANSWER };
const TECH = DEFAULT_RUBRICS.technical;

/** A reply scoring the technical criteria with these scores and quotes (in rubric order). */
function reply(scores: number[], evidence: string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    notEnoughReason: null,
    criteria: Object.fromEntries(TECH.map((c, i) => [c.key, { evidence: evidence[i] ?? '', score: scores[i] }])),
    feedback: 'Clear reasoning about consistency. Name the cost of write-through.',
    strengths: ['states why'],
    improvements: ['quantify'],
    ...extra,
  };
}

const CUSTOM: RubricCriterion[] = [
  { key: 'clarity', name: 'Clarity', anchors: { low: 'Rambles without a point.', mid: 'Clear in parts.', high: 'ANCHOR-crisp and ordered.' } },
  { key: 'ownership', name: 'Ownership', anchors: { low: 'Only "we".', mid: 'Some of their own steps.', high: 'Their own decisions, explained.' } },
];

describe('the evaluation schema', () => {
  it.each([['technical', TECH], ['hr', DEFAULT_RUBRICS.hr], ['a custom rubric', CUSTOM]] as const)('is accepted by strict Structured Outputs (%s): one required property per criterion', (_name, rubric) => {
    const { schema } = modelFacingResponseFormat(evaluationSchema(rubric), EVALUATION_SCHEMA_NAME);
    expect(validateStrictJsonSchema(EVALUATION_SCHEMA_NAME, schema)).toBeNull();
    // Nullable as a type union, as strict mode documents it.
    expect((schema['properties'] as Record<string, unknown>)['notEnoughReason']).toMatchObject({ type: ['string', 'null'] });
    const criteria = (schema['properties'] as Record<string, { required: string[] }>)['criteria']!;
    expect(criteria.required).toEqual(rubric.map((c) => c.key));
    // No overall score for the model to give: the question's score is derived.
    expect(Object.keys(schema['properties'] as object)).not.toContain('score');
  });
});

describe('AnswerEvaluator', () => {
  it('derives the score from the criteria (mean, in half points), never from a number of the model', async () => {
    const model = new FakeLanguageModel().script(EVALUATION_SCHEMA_NAME, { value: reply([7, 8, 8, 8], [], { score: 2 }) });
    const out = await new AnswerEvaluator(model).evaluate(input);
    expect(out.kind).toBe('scored');
    if (out.kind !== 'scored') return;
    expect(out.evaluation.score).toBe(8); // 7.75 → 8
    expect(out.evaluation.criteria.map((c) => [c.key, c.name, c.score])).toEqual([
      ['problem_solving', 'Problem solving', 7], ['technical_depth', 'Technical depth', 8], ['communication', 'Communication', 8], ['trade_offs', 'Trade-offs', 8],
    ]);
    expect(AnswerEvaluator.validate(reply([6, 7, 6, 7]), ANSWER, TECH)).toMatchObject({ evaluation: { score: 6.5 } });
    expect(AnswerEvaluator.validate(reply([6.3, 6.3, 6.3, 6.3]), ANSWER, TECH)).toMatchObject({ evaluation: { score: 6.5, criteria: [{ score: 6.5 }, { score: 6.5 }, { score: 6.5 }, { score: 6.5 }] } });
  });

  it('keeps evidence only when it is a verbatim quote of the answer', () => {
    const out = AnswerEvaluator.validate(
      reply([5, 9, 6, 7], ['split the cache by tenant', 'Chose write-through, because stale balances', 'a beautifully clear design', '']),
      ANSWER,
      TECH,
    );
    expect(out).toMatchObject({ kind: 'scored' });
    if (out instanceof Error || out.kind !== 'scored') return;
    expect(out.evaluation.criteria.map((c) => c.evidence)).toEqual(['split the cache by tenant', 'Chose write-through, because stale balances', '', '']);
    // The question's evidence is the quote behind its best-scored criterion.
    expect(out.evaluation.evidence).toBe('Chose write-through, because stale balances');
  });

  it('scores against the rubric it is given: its criteria and anchors are in the prompt, their names in the result', async () => {
    const model = new FakeLanguageModel().script(EVALUATION_SCHEMA_NAME, {
      value: { notEnoughReason: null, criteria: { clarity: { evidence: 'split the cache by tenant', score: 6 }, ownership: { evidence: '', score: 9 } }, feedback: 'Good.', strengths: [], improvements: [] },
    });
    const out = await new AnswerEvaluator(model).evaluate({ ...input, rubric: CUSTOM });
    expect(out).toMatchObject({ kind: 'scored', evaluation: { score: 7.5, criteria: [{ key: 'clarity', name: 'Clarity', score: 6, evidence: 'split the cache by tenant' }, { key: 'ownership', name: 'Ownership', score: 9, evidence: '' }] } });
    const rubricBlock = fencedBlock(userText(model.calls[0]!.messages), 'RUBRIC') ?? '';
    expect(rubricBlock).toContain('clarity (Clarity)');
    expect(rubricBlock).toContain('9 = ANCHOR-crisp and ordered.');
    expect(rubricBlock).not.toContain('problem_solving');
  });

  it('an answer too short or empty of content is not enough to score, without asking the model', async () => {
    const model = new FakeLanguageModel().script(EVALUATION_SCHEMA_NAME, { value: reply([7, 7, 7, 7]) });
    const evaluator = new AnswerEvaluator(model);
    for (const answer of ['fine', 'Fine.', "I don't know.", 'um, uh, yeah, okay', 'It was good, I think, yes.']) {
      const out = await evaluator.evaluate({ ...input, answer });
      expect(out, answer).toMatchObject({ kind: 'not_enough', reason: expect.any(String) });
    }
    expect(model.calls).toHaveLength(0);
    expect(notEnoughToScore('fine')).toBe('the answer was only "fine"');
    expect(notEnoughToScore(ANSWER)).toBeNull();
    // Short but real answers are scored (low) on the rubric, not refused: the rule only catches the obvious.
    expect(notEnoughToScore('I write unit tests.')).toBeNull();
    expect(notEnoughToScore('Redis.')).toBe('the answer was too short to judge');
  });

  it('the model can say an answer is not enough to score; that is never turned into a number', async () => {
    const longButEmpty = 'Well, you know, that is a really interesting question and there are many different things one could say about caches in general.';
    const model = new FakeLanguageModel().script(EVALUATION_SCHEMA_NAME, { value: reply([6, 6, 6, 6], [], { notEnoughReason: 'It talks around the question without describing a design.' }) });
    const out = await new AnswerEvaluator(model).evaluate({ ...input, answer: longButEmpty });
    expect(out).toEqual({ kind: 'not_enough', reason: 'It talks around the question without describing a design.' });
    expect(model.calls).toHaveLength(1);
    const long = AnswerEvaluator.validate(reply([6, 6, 6, 6], [], { notEnoughReason: 'why '.repeat(200) }), ANSWER, TECH);
    expect(long).toMatchObject({ kind: 'not_enough' });
    expect(long instanceof Error || long.kind !== 'not_enough' ? 0 : long.reason.length).toBeLessThanOrEqual(300);
  });

  it('invalid output (a criterion missing, a score out of range, no feedback) is retried, then thrown: never an invented score', async () => {
    const missing = reply([7, 7, 7, 7]);
    delete (missing['criteria'] as Record<string, unknown>)['trade_offs'];
    const model = new FakeLanguageModel({ maxRetries: 0 }).script(EVALUATION_SCHEMA_NAME, { value: missing }, { value: reply([7, 7, 7, 11]) });
    await expect(new AnswerEvaluator(model).evaluate(input)).rejects.toBeInstanceOf(AiError);
    expect(model.callsFor(EVALUATION_SCHEMA_NAME).map((c) => c.outcome)).toEqual(['invalid']);
    expect(AnswerEvaluator.validate(reply([7, 7, 7, 7], [], { feedback: '  ' }), ANSWER, TECH)).toBeInstanceOf(InvalidEvaluationError);
    expect(AnswerEvaluator.validate({ ...reply([7, 7, 7, 7]), criteria: [] }, ANSWER, TECH)).toBeInstanceOf(InvalidEvaluationError);
  });
});

describe('AnswerEvaluator through the OpenAI stand-in (strict structured outputs)', () => {
  let standIn: OpenAiStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('sends a schema OpenAI strict mode accepts and gets back a derived score', async () => {
    standIn = await startOpenAiStandIn({ chat: () => reply([4, 5, 6, 7], ['measured hit rates with tracing']) });
    const llm = new OpenAiLanguageModel({ baseUrl: standIn.baseUrl, apiKey: 'sk-test-stand-in-key', model: 'stand-in-model', timeoutMs: 5_000, maxRetries: 0, logger: testLogger().logger });
    const out = await new AnswerEvaluator(llm).evaluate({ ...input, rubric: TECH });
    expect(out).toMatchObject({ kind: 'scored', evaluation: { score: 5.5 } });
    const call = standIn.callsTo('/v1/chat/completions')[0]!;
    expect(call).toMatchObject({ status: 200 }); // not refused with a 400
    expect(call.refused).toBeUndefined();
    const format = (call.body as { response_format: { json_schema: { strict: boolean; schema: { properties: { criteria: { required: string[] } } } } } }).response_format.json_schema;
    expect(format.strict).toBe(true);
    expect(format.schema.properties.criteria.required).toEqual(TECH.map((c) => c.key));
  });
});
