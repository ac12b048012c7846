import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiSpeechToText } from '../../src/ai/OpenAiSpeechToText.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { FAST_RETRY, testLogger } from './testLogger.ts';

const SENTENCE = 'In my last project I built a distributed cache in Go and reduced latency by forty percent';

let standIn: OpenAiStandIn;
let wav: Buffer;
beforeAll(async () => {
  // Throws with install instructions when festival is missing: the suite fails, never skips.
  wav = await synthesizeWithFestival(SENTENCE, { sampleRateHz: 16_000 });
  standIn = await startOpenAiStandIn();
});
afterAll(async () => {
  await standIn?.close();
});

function stt(over: { timeoutMs?: number; maxRetries?: number; sendPrompt?: boolean; sendLanguage?: boolean } = {}): OpenAiSpeechToText {
  return new OpenAiSpeechToText({
    ...(over.sendPrompt !== undefined ? { sendPrompt: over.sendPrompt } : {}),
    ...(over.sendLanguage !== undefined ? { sendLanguage: over.sendLanguage } : {}),
    baseUrl: standIn.baseUrl, apiKey: 'sk-test', model: 'whisper-test', timeoutMs: over.timeoutMs ?? 20_000, maxRetries: over.maxRetries ?? 2,
    logger: testLogger().logger, retry: FAST_RETRY,
  });
}

describe('OpenAiSpeechToText', () => {
  it('uploads the WAV and returns what pocketsphinx heard in festival speech', async () => {
    const before = standIn.calls.length;
    const text = await stt().transcribe(wav, { prompt: 'distributed systems', language: 'en' });
    for (const word of ['project', 'distributed', 'latency', 'forty', 'percent']) expect(text).toContain(word);
    const call = standIn.calls[before]!;
    expect(call.path).toBe('/v1/audio/transcriptions');
    expect(call.body).toMatchObject({
      model: 'whisper-test', prompt: 'distributed systems', language: 'en', response_format: 'json',
      file: { filename: 'speech.wav', bytes: wav.length },
    });
  });

  it('leaves out the prompt or the language when told to (servers that refuse them)', async () => {
    const before = standIn.calls.length;
    await stt({ sendPrompt: false }).transcribe(wav, { prompt: 'distributed systems', language: 'en' });
    await stt({ sendLanguage: false }).transcribe(wav, { prompt: 'distributed systems', language: 'en' });
    const [noPrompt, noLanguage] = standIn.calls.slice(before).map((c) => c.body as Record<string, unknown>);
    expect(noPrompt).toMatchObject({ language: 'en' });
    expect(noPrompt).not.toHaveProperty('prompt');
    expect(noLanguage).toMatchObject({ prompt: 'distributed systems' });
    expect(noLanguage).not.toHaveProperty('language');
  });

  it('retries a 503, then transcribes', async () => {
    standIn.failNext('/v1/audio/transcriptions', { status: 503 });
    const before = standIn.calls.length;
    await expect(stt().transcribe(wav)).resolves.toContain('latency');
    expect(standIn.calls.slice(before).map((c) => c.status)).toEqual([503, 200]);
  });

  it('times out a transcription slower than timeoutMs', async () => {
    standIn.setLatency({ transcriptionMs: 10_000 });
    try {
      const started = performance.now();
      const err = await stt({ timeoutMs: 1_000, maxRetries: 0 }).transcribe(wav).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'AiError', capability: 'stt', retryable: true });
      expect(performance.now() - started).toBeLessThan(6_000);
    } finally {
      standIn.setLatency({});
    }
  });

  it('refuses audio over 25 MB before sending anything', async () => {
    const before = standIn.calls.length;
    const err = await stt().transcribe(Buffer.alloc(25 * 1024 * 1024 + 1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', retryable: false });
    expect((err as Error).message).toMatch(/25 MB/);
    expect(standIn.calls.length).toBe(before);
  });
});
