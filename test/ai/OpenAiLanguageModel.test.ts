import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AiError } from '../../src/ai/AiError.ts';
import { OpenAiLanguageModel } from '../../src/ai/OpenAiLanguageModel.ts';
import { chatScript } from '../harness/openai/chatScript.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { FAST_RETRY, testLogger } from './testLogger.ts';

const KEY = 'sk-test-secret-key-0123456789';
const PROMPT = 'My resume says I led the Zanzibar migration';
const Evaluation = z.object({ score: z.number().int().min(0).max(10), feedback: z.string() });

let standIn: OpenAiStandIn;
let log: ReturnType<typeof testLogger>;
beforeEach(async () => {
  standIn = await startOpenAiStandIn();
  log = testLogger();
});
afterEach(async () => {
  await standIn.close();
});

function llm(over: { timeoutMs?: number; maxRetries?: number } = {}): OpenAiLanguageModel {
  return new OpenAiLanguageModel({
    baseUrl: standIn.baseUrl, apiKey: KEY, model: 'test-model', timeoutMs: over.timeoutMs ?? 5_000, maxRetries: over.maxRetries ?? 2,
    logger: log.logger, retry: FAST_RETRY,
  });
}
const chats = () => standIn.callsTo('/v1/chat/completions');
const user = (content: string) => [{ role: 'user' as const, content }];

describe('OpenAiLanguageModel', () => {
  it('chats: sends model, messages and temperature, returns the reply text', async () => {
    standIn.setChatHandler((req) => `echo ${req.messages.at(-1)?.content.length} chars at ${req.temperature}`);
    const reply = await llm().chat([{ role: 'system', content: 'be brief' }, ...user(PROMPT)], { temperature: 0.3 });
    expect(reply).toBe(`echo ${PROMPT.length} chars at 0.3`);
    expect(chats()).toHaveLength(1);
    expect(chats()[0]?.body).toMatchObject({ model: 'test-model', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: PROMPT }] });
  });

  it('returns structured output validated by the schema, sending it as a json_schema response format', async () => {
    standIn.setChatHandler(chatScript([{ score: 7, feedback: 'clear and concrete' }]));
    const result = await llm().structured(user(PROMPT), Evaluation, 'evaluation');
    expect(result).toEqual({ score: 7, feedback: 'clear and concrete' });
    const body = chats()[0]?.body as { response_format: { type: string; json_schema: { name: string; schema: { properties: object } } } };
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('evaluation');
    expect(Object.keys(body.response_format.json_schema.schema.properties).sort()).toEqual(['feedback', 'score']);
  });

  it('sends a schema with string bounds inside the strict subset and still checks the bounds on the reply', async () => {
    const Bounded = z.object({ feedback: z.string().min(3).max(20) });
    standIn.setChatHandler(chatScript([{ feedback: 'ok' }, { feedback: 'long enough' }]));
    // 'ok' is under min(3): refused on parse (retried), the second reply passes.
    expect(await llm().structured(user(PROMPT), Bounded, 'bounded')).toEqual({ feedback: 'long enough' });
    expect(chats().map((c) => c.status)).toEqual([200, 200]);
    const sent = JSON.stringify((chats()[0]?.body as { response_format: unknown }).response_format);
    expect(sent).not.toMatch(/minLength|maxLength/);
  });

  it('falls back once to json_object with the schema in the prompt when the server refuses json_schema, and remembers it', async () => {
    standIn.setChatQuirks({ refuseJsonSchema: true });
    standIn.setChatHandler(chatScript([{ score: 6, feedback: 'fine' }, { score: 8, feedback: 'good' }]));
    const model = llm({ maxRetries: 0 });
    expect(await model.structured(user(PROMPT), Evaluation, 'evaluation')).toEqual({ score: 6, feedback: 'fine' });
    expect(await model.structured(user(PROMPT), Evaluation, 'evaluation')).toEqual({ score: 8, feedback: 'good' });
    const formats = chats().map((c) => (c.body as { response_format: { type: string } }).response_format.type);
    expect(formats).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(chats()[0]?.status).toBe(400);
    const messages = (chats()[1]?.body as { messages: Array<{ content: string }> }).messages;
    expect(messages.at(-1)?.content).toContain('"feedback"');
    expect(log.lines.join('\n')).toContain('server refused json_schema');
  });

  it('validates json_object replies against the schema like json_schema ones', async () => {
    standIn.setChatQuirks({ refuseJsonSchema: true });
    standIn.setChatHandler(chatScript([{ score: 11, feedback: 'too high' }]));
    await expect(llm({ maxRetries: 0 }).structured(user(PROMPT), Evaluation, 'evaluation')).rejects.toBeInstanceOf(AiError);
  });

  it('retries a 429 after the Retry-After the server asked for, then succeeds', async () => {
    standIn.setChatHandler(chatScript([{ fault: 429, retryAfterS: 1 }, 'ok now']));
    const started = performance.now();
    expect(await llm().chat(user(PROMPT))).toBe('ok now');
    const [first, second] = chats();
    expect(chats()).toHaveLength(2);
    // Backoff alone would be <= 20 ms; Retry-After asked for 1 s.
    expect(second!.receivedAtMs - first!.finishedAtMs!).toBeGreaterThanOrEqual(900);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('gives up on repeated 500s with a retryable AiError after maxRetries + 1 attempts', async () => {
    standIn.setChatHandler(() => ({ fault: 500 }));
    const err = await llm({ maxRetries: 3 }).chat(user(PROMPT)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AiError);
    expect(err).toMatchObject({ capability: 'llm', retryable: true, status: 500 });
    expect(chats()).toHaveLength(4);
  });

  it('does not retry a 401 and says a retry will not help', async () => {
    standIn.setChatHandler(() => ({ fault: 401 }));
    const err = await llm({ maxRetries: 3 }).chat(user(PROMPT)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', retryable: false, status: 401 });
    expect(chats()).toHaveLength(1);
  });

  it('times out a reply slower than timeoutMs, retries, and fails in bounded time', async () => {
    standIn.setChatHandler(() => ({ fault: 'delay', ms: 20_000 }));
    const started = performance.now();
    const err = await llm({ timeoutMs: 1_000, maxRetries: 1 }).chat(user(PROMPT)).catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    expect(err).toMatchObject({ name: 'AiError', retryable: true });
    expect((err as Error).message).toMatch(/timed out after 1000 ms/);
    expect(chats()).toHaveLength(2);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_900);
    expect(elapsedMs).toBeLessThan(8_000);
  });

  it('recovers when only the first reply is late', async () => {
    standIn.setChatHandler(chatScript([{ fault: 'delay', ms: 20_000 }, { score: 4, feedback: 'ok' }]));
    await expect(llm({ timeoutMs: 1_000 }).structured(user(PROMPT), Evaluation, 'evaluation')).resolves.toEqual({ score: 4, feedback: 'ok' });
  });

  it('retries malformed JSON and schema mismatches, then gives up with a retryable AiError', async () => {
    standIn.setChatHandler(chatScript([{ fault: 'malformed' }, { score: 'high', feedback: 3 }, { fault: 'malformed' }]));
    const err = await llm({ maxRetries: 2 }).structured(user(PROMPT), Evaluation, 'evaluation').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', retryable: true });
    expect(chats()).toHaveLength(3);
  });

  it('accepts a valid reply after a malformed one', async () => {
    standIn.setChatHandler(chatScript([{ fault: 'malformed' }, { score: 9, feedback: 'great' }]));
    await expect(llm().structured(user(PROMPT), Evaluation, 'evaluation')).resolves.toEqual({ score: 9, feedback: 'great' });
  });

  it('accepts JSON wrapped in a Markdown code fence, as some local models send it', async () => {
    standIn.setChatHandler(chatScript(['```json\n{"score": 6, "feedback": "fine"}\n```']));
    await expect(llm({ maxRetries: 0 }).structured(user(PROMPT), Evaluation, 'evaluation')).resolves.toEqual({ score: 6, feedback: 'fine' });
  });

  it('retries a dropped connection', async () => {
    standIn.setChatHandler(chatScript([{ fault: 'disconnect' }, 'after reconnect']));
    await expect(llm().chat(user(PROMPT))).resolves.toBe('after reconnect');
    expect(chats()).toHaveLength(2);
  });

  it('stops at once when the caller aborts, without further attempts', async () => {
    standIn.setChatHandler(() => ({ fault: 'delay', ms: 20_000 }));
    const controller = new AbortController();
    const started = performance.now();
    const pending = llm({ timeoutMs: 10_000 }).chat(user(PROMPT), { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('user left')), 300);
    const err = await pending;
    expect((err as Error).message).toBe('user left');
    expect(performance.now() - started).toBeLessThan(3_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(chats()).toHaveLength(1);
  });

  it('aborts during the backoff wait', async () => {
    standIn.setChatHandler(() => ({ fault: 429, retryAfterS: 20 }));
    const controller = new AbortController();
    const pending = llm().chat(user(PROMPT), { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('shutdown')), 300);
    expect(((await pending) as Error).message).toBe('shutdown');
    expect(chats()).toHaveLength(1);
  });

  it('logs attempts and statuses but never the prompt, the reply or the key', async () => {
    standIn.setChatHandler(chatScript([{ fault: 500 }, 'SECRET-REPLY-TEXT']));
    await llm().chat(user(PROMPT));
    const all = log.lines.join('\n');
    expect(all).toContain('"status":500');
    expect(all).toContain('"attempts":2');
    for (const secret of [PROMPT, 'SECRET-REPLY-TEXT', KEY]) expect(all).not.toContain(secret);
  });

  it('gives up on unparsable replies with an error that, logged, quotes none of the reply', async () => {
    const reply = 'SECRET-REPLY-TEXT: the candidate led the Zanzibar migration, score 9';
    standIn.setChatHandler(chatScript([reply, { score: 'high', feedback: 'SECRET-REPLY-TEXT' }]));
    const bad = await llm({ maxRetries: 0 }).structured(user(PROMPT), Evaluation, 'evaluation').catch((e: unknown) => e);
    const mismatch = await llm({ maxRetries: 0 }).structured(user(PROMPT), Evaluation, 'evaluation').catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'AiError', retryable: true, message: 'llm reply for "evaluation" was not valid JSON' });
    expect(mismatch).toMatchObject({ name: 'AiError', retryable: true, message: 'llm reply for "evaluation" did not match the schema (score: invalid_type)' });
    // What the engine does with a failed evaluation: log it (pino prints the cause chain too).
    log.logger.warn({ err: bad }, 'evaluation failed');
    log.logger.warn({ err: mismatch }, 'evaluation failed');
    expect(log.lines.join('\n')).toContain('was not valid JSON');
    expect(log.lines.join('\n')).not.toContain('SECRET-REP');
  });

  it('reports a script that ran dry clearly, without retrying', async () => {
    standIn.setChatHandler(chatScript([]));
    const err = await llm().chat(user(PROMPT)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', retryable: false });
    expect(chats()[0]?.error).toMatch(/chat script ran dry: request 1 \(plain chat\)/);
    expect(String((err as Error).cause)).toMatch(/ran dry/);
  });
});
