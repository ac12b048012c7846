import { afterEach, describe, expect, it } from 'vitest';
import { describeAiFailure } from '../../src/doctor/describeAiFailure.ts';
import { toAiError } from '../../src/ai/toAiError.ts';
import { APIError } from 'openai';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${standIn!.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('OpenAI stand-in server modes (as strict as the servers they stand for)', () => {
  it('lists models in OpenAI’s list shape, per server', async () => {
    standIn = await startOpenAiStandIn({ server: 'ollama' });
    const res = await fetch(`${standIn.baseUrl}/models`);
    expect(await res.json()).toEqual({
      object: 'list',
      data: [
        { id: 'llama3.1:8b', object: 'model', created: 1_700_000_000, owned_by: 'library' },
        { id: 'qwen2.5:7b-instruct', object: 'model', created: 1_700_000_000, owned_by: 'library' },
      ],
    });
  });

  it('ollama: a model not pulled is a 404 in its error shape', async () => {
    standIn = await startOpenAiStandIn({ server: 'ollama', chat: () => 'hi' });
    expect(await post('/chat/completions', { model: 'llama3', messages: [{ role: 'user', content: 'hi' }] })).toEqual({
      status: 404, body: { error: { message: 'model "llama3" not found, try pulling it first', type: 'api_error', param: null, code: null } },
    });
    expect((await post('/chat/completions', { model: 'llama3.1:8b', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
  });

  it('kokoro: FastAPI’s shapes for a bad format (422), model and voice (400); OpenAI voices it maps are taken', async () => {
    standIn = await startOpenAiStandIn({ server: 'kokoro' });
    const ok = { model: 'kokoro', voice: 'af_heart', input: 'Hello.', response_format: 'pcm' };
    expect(await post('/audio/speech', { ...ok, response_format: 'ogg' })).toMatchObject({
      status: 422, body: { detail: [{ type: 'literal_error', loc: ['body', 'response_format'], input: 'ogg' }] },
    });
    expect(await post('/audio/speech', { ...ok, model: 'tts-2' })).toEqual({
      status: 400, body: { detail: { error: 'invalid_model', message: 'Unsupported model: tts-2', type: 'invalid_request_error' } },
    });
    expect(await post('/audio/speech', { ...ok, voice: 'verse' })).toMatchObject({ status: 400, body: { detail: { error: 'validation_error', message: expect.stringMatching(/^Voice 'verse' not found/) } } });
    const mapped = await fetch(`${standIn.baseUrl}/audio/speech`, { method: 'POST', body: JSON.stringify({ ...ok, voice: 'nova' }) });
    expect(mapped.status).toBe(200);
    expect((await mapped.arrayBuffer()).byteLength).toBeGreaterThan(4_800);
  });

  it('the doctor never prints a key a server quotes back, even half-masked', () => {
    const err = toAiError('llm', new APIError(401, { message: 'Incorrect API key provided: sk-proj-abc***************wxyz. You can find your API key at https://platform.openai.com/account/api-keys.' }, undefined, new Headers()));
    const { detail } = describeAiFailure('LLM', { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-proj-abc', model: 'm', timeoutMs: 1_000, maxRetries: 0 }, err);
    expect(detail).toContain('Incorrect API key provided: [key] You can find');
    expect(detail).not.toMatch(/sk-|wxyz/);
  });
});
