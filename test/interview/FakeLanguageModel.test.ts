import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AiError } from '../../src/ai/AiError.ts';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';

const schema = z.object({ n: z.number().int() });
const msgs = [{ role: 'user' as const, content: 'hi' }];

describe('FakeLanguageModel', () => {
  it('replies from the script per schema name, then from the handler, and logs every attempt', async () => {
    const fake = new FakeLanguageModel({ handler: (call) => (call.kind === 'chat' ? 'handled' : { n: 99 }) }).script('num', { value: { n: 1 } });
    expect(await fake.structured(msgs, schema, 'num')).toEqual({ n: 1 });
    expect(await fake.structured(msgs, schema, 'num')).toEqual({ n: 99 });
    expect(await fake.chat(msgs)).toBe('handled');
    expect(fake.calls.map((c) => [c.kind, c.schemaName, c.outcome])).toEqual([['structured', 'num', 'ok'], ['structured', 'num', 'ok'], ['chat', 'chat', 'ok']]);
    expect(fake.remaining('num')).toBe(0);
  });

  it('retries retryable failures and invalid output maxRetries times, then throws an AiError', async () => {
    const fake = new FakeLanguageModel({ maxRetries: 2 }).script('num', FakeLanguageModel.failure(true), { value: { n: 'x' } }, { value: { n: 3 } });
    expect(await fake.structured(msgs, schema, 'num')).toEqual({ n: 3 });
    expect(fake.calls.map((c) => c.outcome)).toEqual(['error', 'invalid', 'ok']);
    const failing = new FakeLanguageModel({ maxRetries: 1 }).script('num', FakeLanguageModel.failure(true), FakeLanguageModel.failure(true), { value: { n: 1 } });
    await expect(failing.structured(msgs, schema, 'num')).rejects.toMatchObject({ name: 'AiError', retryable: true });
    expect(failing.remaining('num')).toBe(1);
  });

  it('does not retry a permanent failure, and fails loudly without a script', async () => {
    const fake = new FakeLanguageModel().script('num', FakeLanguageModel.failure(false), { value: { n: 1 } });
    await expect(fake.structured(msgs, schema, 'num')).rejects.toBeInstanceOf(AiError);
    expect(fake.calls).toHaveLength(1);
    await expect(new FakeLanguageModel().chat(msgs)).rejects.toThrow(/no scripted reply/);
  });

  it('honours delays and aborts them', async () => {
    const fake = new FakeLanguageModel().script('num', { value: { n: 1 }, delayMs: 5_000 });
    const ac = new AbortController();
    const p = fake.structured(msgs, schema, 'num', { signal: ac.signal });
    ac.abort(new Error('gone'));
    await expect(p).rejects.toThrow('gone');
    expect(fake.calls[0]?.outcome).toBe('aborted');
  });
});
