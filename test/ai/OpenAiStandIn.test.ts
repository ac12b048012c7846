import { afterEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../src/voice/wav.ts';
import { chatScript } from '../harness/openai/chatScript.ts';
import { parseMultipart } from '../harness/openai/parseMultipart.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const HI = [{ role: 'user', content: 'hi' }];
const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('OpenAI stand-in', () => {
  it('listens on loopback and hands each chat request with its index to the handler', async () => {
    const seen: Array<[string, number]> = [];
    standIn = await startOpenAiStandIn({ chat: (req, index) => { seen.push([req.model, index]); return { n: index }; } });
    expect(standIn.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    for (const model of ['a', 'b']) {
      const res = await post(standIn.baseUrl, '/chat/completions', { model, messages: HI });
      const json = (await res.json()) as { choices: Array<{ message: { content: string } }> };
      expect(JSON.parse(json.choices[0]!.message.content)).toEqual({ n: seen.length - 1 });
    }
    expect(seen).toEqual([['a', 0], ['b', 1]]);
  });

  it('consumes a script in order and reports what is left', async () => {
    const script = chatScript(['one']);
    script.push('two');
    expect(script.remaining).toBe(2);
    standIn = await startOpenAiStandIn({ chat: script });
    const contents = [];
    for (let i = 0; i < 2; i++) {
      const json = (await (await post(standIn.baseUrl, '/chat/completions', { model: 'm', messages: HI })).json()) as { choices: Array<{ message: { content: string } }> };
      contents.push(json.choices[0]!.message.content);
    }
    expect(contents).toEqual(['one', 'two']);
    expect(script.remaining).toBe(0);
    const dry = await post(standIn.baseUrl, '/chat/completions', { model: 'm', messages: HI, response_format: { type: 'json_schema', json_schema: { name: 'question' } } });
    expect(dry.status).toBe(418);
    expect(((await dry.json()) as { error: { message: string } }).error.message).toMatch(/ran dry: request 3 \(schema "question"\)/);
  });

  it('delays the first byte by the injected chat latency', async () => {
    standIn = await startOpenAiStandIn({ chat: () => 'hi' });
    standIn.setLatency({ chatMs: 400 });
    const started = performance.now();
    await (await post(standIn.baseUrl, '/chat/completions', { model: 'm', messages: HI })).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('closes promptly with a delayed reply pending, and 404s unknown paths', async () => {
    standIn = await startOpenAiStandIn({ chat: () => ({ fault: 'delay', ms: 30_000 }) });
    const missing = await post(standIn.baseUrl, '/embeddings', {});
    expect(missing.status).toBe(404);
    const pending = post(standIn.baseUrl, '/chat/completions', { model: 'm', messages: HI }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await standIn.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('returns festival speech as a 24 kHz WAV for response_format wav', async () => {
    standIn = await startOpenAiStandIn();
    const res = await post(standIn.baseUrl, '/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'good morning', response_format: 'wav' });
    expect(res.status).toBe(200);
    const wav = parseWav(Buffer.from(await res.arrayBuffer()));
    expect(wav).toMatchObject({ sampleRateHz: 24_000, channels: 1, bitsPerSample: 16 });
    expect(wav.pcm.length).toBeGreaterThan(24_000); // > 0.5 s
    // mp3 is valid for OpenAI, but nothing here encodes it: a stand-in error, not an OpenAI refusal.
    const mp3 = await post(standIn.baseUrl, '/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'x', response_format: 'mp3' });
    expect(mp3.status).toBe(501);
    expect(((await mp3.json()) as { error: { type: string } }).error.type).toBe('stand_in_error');
  });

  it('parses multipart bodies as fetch encodes them', async () => {
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('file', new File([Buffer.from([0, 1, 2, 13, 10, 45, 45, 255])], 'a.wav', { type: 'audio/wav' }));
    const req = new Request('http://127.0.0.1/', { method: 'POST', body: form });
    const parts = parseMultipart(Buffer.from(await req.arrayBuffer()), req.headers.get('content-type') ?? undefined);
    expect(parts.map((p) => p.name)).toEqual(['model', 'file']);
    expect(parts[0]!.data.toString()).toBe('whisper-1');
    expect(parts[1]).toMatchObject({ filename: 'a.wav', contentType: 'audio/wav' });
    expect([...parts[1]!.data]).toEqual([0, 1, 2, 13, 10, 45, 45, 255]);
  });
});
