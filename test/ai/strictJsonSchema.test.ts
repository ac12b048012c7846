import OpenAI, { APIError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvaluationSchema } from '../../src/interview/AnswerEvaluator.ts';
import { QuestionSchema } from '../../src/interview/QuestionGenerator.ts';
import { startOpenAiStandIn, validateStrictJsonSchema, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';

// Each text below is OpenAI's own wording, as quoted from real 400s in public issues and logs
// (e.g. langchain-ai/langchain#25169, mastra-ai/mastra#12284, the OpenAI community thread on the
// enum limit), except where the validator marks a text "modelled".

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object', properties, required: Object.keys(properties), additionalProperties: false, ...extra,
});
const str = { type: 'string' };

describe('validateStrictJsonSchema', () => {
  it('accepts what the Structured Outputs guide supports', () => {
    const schema = obj({
      name: { type: 'string', pattern: '^@', format: 'email', description: 'd', title: 't' },
      score: { type: 'number', minimum: 0, maximum: 10, exclusiveMinimum: -1, exclusiveMaximum: 11, multipleOf: 0.5 },
      tags: { type: 'array', items: str, minItems: 1, maxItems: 6 },
      kind: { type: 'string', enum: ['a', 'b'] },
      fixed: { const: 'x', type: 'string' },
      maybe: { type: ['string', 'null'] },
      either: { anyOf: [str, { type: 'number' }, obj({ a: str })] },
      node: { $ref: '#/$defs/Node' },
    }, { $schema: 'http://json-schema.org/draft-07/schema#', $defs: { Node: obj({ children: { type: 'array', items: { $ref: '#/$defs/Node' } }, self: { anyOf: [{ $ref: '#' }, { type: 'null' }] } }) } });
    expect(validateStrictJsonSchema('ok', schema)).toBeNull();
  });

  it.each([
    ['minLength', { feedback: { type: 'string', minLength: 1 } }, "In context=('properties', 'feedback'), 'minLength' is not permitted."],
    ['maxLength', { feedback: { type: 'string', maxLength: 9 } }, "In context=('properties', 'feedback'), 'maxLength' is not permitted."],
    ['uniqueItems', { tags: { type: 'array', items: str, uniqueItems: true } }, "In context=('properties', 'tags'), 'uniqueItems' is not permitted."],
    ['oneOf', { v: { oneOf: [str] } }, "In context=('properties', 'v'), 'oneOf' is not permitted."],
    ['allOf', { v: { allOf: [str] } }, "In context=('properties', 'v'), 'allOf' is not permitted."],
    ['not', { v: { type: 'string', not: { const: 'x' } } }, "In context=('properties', 'v'), 'not' is not permitted."],
    ['if', { v: { type: 'string', if: str } }, "In context=('properties', 'v'), 'if' is not permitted."],
    ['contains', { v: { type: 'array', items: str, contains: str } }, "In context=('properties', 'v'), 'contains' is not permitted."],
    ['nested in items', { v: { type: 'array', items: obj({ q: { type: 'string', minLength: 1 } }) } }, "In context=('properties', 'v', 'items', 'properties', 'q'), 'minLength' is not permitted."],
    ['nested in anyOf', { v: { anyOf: [str, { type: 'string', maxLength: 2 }] } }, "In context=('properties', 'v', 'anyOf', 1), 'maxLength' is not permitted."],
  ])('refuses %s with its context', (_k, properties, message) => {
    expect(validateStrictJsonSchema('evaluation', obj(properties))).toBe(`Invalid schema for response_format 'evaluation': ${message}`);
  });

  it.each([
    ['patternProperties', { type: 'object', properties: { a: str }, required: ['a'], additionalProperties: false, patternProperties: {} }, "In context=(), 'patternProperties' is not permitted."],
    ['minProperties', { ...obj({ a: str }), minProperties: 1 }, "In context=(), 'minProperties' is not permitted."],
    ['dependentRequired', { ...obj({ a: str }), dependentRequired: {} }, "In context=(), 'dependentRequired' is not permitted."],
    ['no additionalProperties', { type: 'object', properties: { a: str }, required: ['a'] }, "In context=(), 'additionalProperties' is required to be supplied and to be false."],
    ['additionalProperties true', { ...obj({ a: str }), additionalProperties: true }, "In context=(), 'additionalProperties' is required to be supplied and to be false."],
    ['a key not required', { ...obj({ a: str, x: str }), required: ['a'] }, "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'x'."],
    ['no required', { type: 'object', properties: { x: str }, additionalProperties: false }, "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'x'."],
    ['an extra required key', { ...obj({ a: str }), required: ['a', 'b'] }, "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Extra required key 'b' supplied."],
    ['a nested open object', obj({ s: { type: 'object', properties: { a: str }, required: ['a'] } }), "In context=('properties', 's'), 'additionalProperties' is required to be supplied and to be false."],
    ['an array at the root', { type: 'array', items: str }, `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`],
    ['anyOf at the root', { anyOf: [obj({ a: str })] }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ['a property without type', obj({ v: {} }), "In context=('properties', 'v'), schema must have a 'type' key."],
    ['an array without items', obj({ v: { type: 'array' } }), "In context=('properties', 'v'), array schema missing items."],
    ['an object without properties', obj({ v: { type: 'object', additionalProperties: false } }), "In context=('properties', 'v'), object schema missing properties."],
    ['a $ref below the top level', obj({ v: { $ref: '#/properties/w' }, w: str }), "In context=('properties', 'v'), reference can only point to definitions defined at the top level of the schema."],
  ])('refuses %s', (_k, schema, message) => {
    expect(validateStrictJsonSchema('x', schema)).toBe(`Invalid schema for response_format 'x': ${message}`);
  });

  it('refuses more than 1000 enum values in total', () => {
    const values = Array.from({ length: 501 }, (_, i) => `v${i}`);
    const schema = obj({ a: { type: 'string', enum: values }, b: { type: 'string', enum: values } });
    expect(validateStrictJsonSchema('m', schema)).toBe("Invalid schema for response_format 'm': Expected at most 1000 enum values in total within a single schema when using structured outputs, but received 1002. Consider reducing the number of enums, or use 'strict: false' to opt out of structured outputs.");
    expect(validateStrictJsonSchema('m', obj({ a: { type: 'string', enum: values.slice(0, 500) }, b: { type: 'string', enum: values.slice(0, 500) } }))).toBeNull();
  });

  it('refuses more than 15000 characters in one enum of more than 250 values', () => {
    const long = Array.from({ length: 251 }, (_, i) => `${i}`.padEnd(60, 'x'));
    expect(validateStrictJsonSchema('m', obj({ a: { type: 'string', enum: long } }))).toMatch(/Expected at most 15000 total characters across enum values when there are more than 250 enum values, but received 15060\./);
    expect(validateStrictJsonSchema('m', obj({ a: { type: 'string', enum: long.slice(0, 250) } }))).toBeNull();
  });

  it('refuses more than 10 levels of object nesting, and more than 5000 properties', () => {
    const nest = (levels: number): Record<string, unknown> => (levels === 1 ? obj({ leaf: str }) : obj({ next: nest(levels - 1) }));
    expect(validateStrictJsonSchema('d', nest(10))).toBeNull();
    expect(validateStrictJsonSchema('d', nest(11))).toBe("Invalid schema for response_format 'd': 11 levels of nesting exceeds limit of 10.");
    const wide = (n: number) => obj(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, str])));
    expect(validateStrictJsonSchema('w', wide(5000))).toBeNull();
    expect(validateStrictJsonSchema('w', wide(5001))).toMatch(/Expected at most 5000 object properties in total .* but received 5001\./);
  });

  it('refuses more than 120000 characters of names and values', () => {
    const names = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(1_201, 'n'));
    expect(validateStrictJsonSchema('s', obj(Object.fromEntries(names.map((n) => [n, str]))))).toMatch(/Expected at most 120000 total characters .* but received 120100\./);
    expect(validateStrictJsonSchema('s', obj(Object.fromEntries(names.slice(0, 99).map((n) => [n, str]))))).toBeNull();
  });

  it('ends on self-recursive definitions', () => {
    const schema = obj({ root: { $ref: '#/$defs/A' } }, { $defs: { A: obj({ b: { $ref: '#/$defs/B' } }), B: obj({ a: { $ref: '#/$defs/A' }, me: { $ref: '#' } }) } });
    expect(validateStrictJsonSchema('r', schema)).toBeNull();
    const bad = obj({ root: { $ref: '#/$defs/A' } }, { $defs: { A: obj({ b: { type: 'string', minLength: 2 } }) } });
    expect(validateStrictJsonSchema('r', bad)).toBe("Invalid schema for response_format 'r': In context=('$defs', 'A', 'properties', 'b'), 'minLength' is not permitted.");
  });

  it("refuses the bot's own zod schemas as zodResponseFormat renders them (string bounds)", () => {
    const evaluation = zodResponseFormat(EvaluationSchema, 'answer_evaluation').json_schema;
    expect(validateStrictJsonSchema(evaluation.name, evaluation.schema)).toBe("Invalid schema for response_format 'answer_evaluation': In context=('properties', 'criteria', 'properties', 'problem_solving', 'properties', 'evidence'), 'maxLength' is not permitted.");
    const question = zodResponseFormat(QuestionSchema, 'interview_question').json_schema;
    expect(validateStrictJsonSchema(question.name, question.schema)).toBe("Invalid schema for response_format 'interview_question': In context=('properties', 'question'), 'minLength' is not permitted.");
    const unbounded = zodResponseFormat(z.object({ score: z.number().min(0).max(10), tags: z.array(z.string()).max(6), note: z.string().nullable() }), 'plain').json_schema;
    expect(validateStrictJsonSchema(unbounded.name, unbounded.schema)).toBeNull();
  });
});

describe('strict schemas through the real SDK', () => {
  let standIn: OpenAiStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });
  const messages = [{ role: 'user' as const, content: 'Rate this answer.' }];

  it('answers a refused schema with 400 and OpenAI error body, before the handler runs', async () => {
    const seen: number[] = [];
    standIn = await startOpenAiStandIn({ chat: (_r, i) => { seen.push(i); return { score: 5 }; } });
    const client = new OpenAI({ apiKey: 'k', baseURL: standIn.baseUrl, maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'm', messages, response_format: zodResponseFormat(EvaluationSchema, 'answer_evaluation') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    const message = "Invalid schema for response_format 'answer_evaluation': In context=('properties', 'criteria', 'properties', 'problem_solving', 'properties', 'evidence'), 'maxLength' is not permitted.";
    expect(err).toMatchObject({ status: 400, error: { message, type: 'invalid_request_error', param: 'response_format', code: null } });
    expect(standIn.calls.at(-1)).toMatchObject({ status: 400, refused: message });
    const ok = await client.chat.completions.create({ model: 'm', messages, response_format: zodResponseFormat(z.object({ score: z.number() }), 'score') });
    expect(JSON.parse(ok.choices[0]!.message.content!)).toEqual({ score: 5 });
    expect(seen).toEqual([0]); // the refused request did not use up a scripted reply
  });

  it('accepts a non-strict json_schema, and json_object only when the messages say "json"', async () => {
    standIn = await startOpenAiStandIn({ chat: () => ({ ok: true }) });
    const client = new OpenAI({ apiKey: 'k', baseURL: standIn.baseUrl, maxRetries: 0 });
    const loose = { type: 'json_schema' as const, json_schema: { name: 'e', strict: false, schema: { type: 'object', properties: { f: { type: 'string', minLength: 1 } } } } };
    await expect(client.chat.completions.create({ model: 'm', messages, response_format: loose })).resolves.toBeDefined();
    const err = await client.chat.completions.create({ model: 'm', messages, response_format: { type: 'json_object' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, error: { message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", param: 'messages' } });
    const saysJson = [{ role: 'system' as const, content: 'Reply in JSON.' }, ...messages];
    await expect(client.chat.completions.create({ model: 'm', messages: saysJson, response_format: { type: 'json_object' } })).resolves.toBeDefined();
  });

  it('refuses json_schema entirely when told to behave like a JSON-mode-only server', async () => {
    standIn = await startOpenAiStandIn({ chat: () => ({ ok: true }), chatQuirks: { refuseJsonSchema: true } });
    const client = new OpenAI({ apiKey: 'k', baseURL: standIn.baseUrl, maxRetries: 0 });
    const format = zodResponseFormat(z.object({ ok: z.boolean() }), 'ok');
    const err = await client.chat.completions.create({ model: 'm', messages, response_format: format }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", param: 'response_format' } });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'json please' }], response_format: { type: 'json_object' } })).resolves.toBeDefined();
    standIn.setChatQuirks({});
    await expect(client.chat.completions.create({ model: 'm', messages, response_format: format })).resolves.toBeDefined();
  });

  it('refuses a request without model or messages as OpenAI does', async () => {
    standIn = await startOpenAiStandIn({ chat: () => 'x' });
    const post = (body: unknown) => fetch(`${standIn!.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await post({ messages })).json()).toEqual({ error: { message: 'you must provide a model parameter', type: 'invalid_request_error', param: null, code: null } });
    const empty = await post({ model: 'm', messages: [] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { message: "[] is too short - 'messages'", param: 'messages' } });
  });
});
