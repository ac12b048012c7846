import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTextToSpeech, type TtsResponseFormat } from '../../src/ai/OpenAiTextToSpeech.ts';
import { parseWav } from '../../src/voice/wav.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { FAST_RETRY, testLogger } from './testLogger.ts';

const SENTENCE = 'Tell me about a time you disagreed with a colleague, and how you resolved it together.';

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function tts(baseUrl: string, over: { timeoutMs?: number; maxRetries?: number; streamIdleTimeoutMs?: number; responseFormat?: TtsResponseFormat } = {}): OpenAiTextToSpeech {
  return new OpenAiTextToSpeech({
    ...(over.responseFormat ? { responseFormat: over.responseFormat } : {}),
    baseUrl, apiKey: 'sk-test', model: 'tts-test', voice: 'nova', timeoutMs: over.timeoutMs ?? 20_000, maxRetries: over.maxRetries ?? 2,
    ...(over.streamIdleTimeoutMs !== undefined ? { streamIdleTimeoutMs: over.streamIdleTimeoutMs } : {}),
    logger: testLogger().logger, retry: FAST_RETRY,
  });
}

/** Every chunk of a stream with the time it arrived. */
async function drain(stream: AsyncIterable<Buffer>): Promise<Array<{ bytes: Buffer; atMs: number }>> {
  const chunks: Array<{ bytes: Buffer; atMs: number }> = [];
  for await (const bytes of stream) chunks.push({ bytes, atMs: performance.now() });
  return chunks;
}

describe('OpenAiTextToSpeech', () => {
  it('streams 24 kHz PCM as it arrives: the first chunk comes before the server has sent it all', async () => {
    standIn = await startOpenAiStandIn({ speechChunkBytes: 4_800, speechChunkIntervalMs: 25 });
    const expected = parseWav(await synthesizeWithFestival(SENTENCE, { sampleRateHz: 24_000 })).pcm;
    expect(expected.length).toBeGreaterThan(24_000 * 2 * 2); // festival said > 2 s of speech

    const audio = await tts(standIn.baseUrl).synthesize(SENTENCE);
    expect(audio).toMatchObject({ format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1 });
    const chunks = await drain(audio.stream);
    const call = standIn.callsTo('/v1/audio/speech')[0]!;
    expect(call.body).toMatchObject({ model: 'tts-test', voice: 'nova', input: SENTENCE, response_format: 'pcm' });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.atMs).toBeLessThan(call.finishedAtMs!);
    const pcm = Buffer.concat(chunks.map((c) => c.bytes));
    expect(pcm.length).toBe(expected.length);
    let peak = 0;
    for (let i = 0; i + 1 < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
    expect(peak).toBeGreaterThan(1_000); // speech, not silence
  });

  it('retries a 500 before any audio, then streams; a 401 is not retried', async () => {
    standIn = await startOpenAiStandIn();
    standIn.failNext('/v1/audio/speech', { status: 500 });
    const audio = await tts(standIn.baseUrl).synthesize('hello');
    expect(Buffer.concat(await drain(audio.stream).then((c) => c.map((x) => x.bytes))).length).toBeGreaterThan(4_800);
    expect(standIn.callsTo('/v1/audio/speech').map((c) => c.status)).toEqual([500, 200]);

    standIn.failNext('/v1/audio/speech', { status: 401 }, 3);
    await expect(tts(standIn.baseUrl).synthesize('hello')).rejects.toMatchObject({ name: 'AiError', retryable: false, status: 401 });
    expect(standIn.callsTo('/v1/audio/speech')).toHaveLength(3);
  });

  it('maps a refused connection to a retryable AiError after retries', async () => {
    const gone = await startOpenAiStandIn();
    await gone.close();
    const err = await tts(gone.baseUrl, { maxRetries: 1 }).synthesize('hello').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', capability: 'tts', retryable: true });
  });

  it('times out when the first byte is later than timeoutMs', async () => {
    standIn = await startOpenAiStandIn({ latency: { speechMs: 5_000 } });
    const started = performance.now();
    const err = await tts(standIn.baseUrl, { timeoutMs: 1_000, maxRetries: 0 }).synthesize('hello there').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', retryable: true });
    expect((err as Error).message).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('destroys the stream when the caller aborts mid-playback', async () => {
    standIn = await startOpenAiStandIn({ speechChunkBytes: 2_400, speechChunkIntervalMs: 50 });
    const controller = new AbortController();
    const audio = await tts(standIn.baseUrl).synthesize(SENTENCE, { signal: controller.signal });
    const received: Buffer[] = [];
    const done = drain(audio.stream).catch((e: unknown) => e);
    audio.stream.once('data', (b: Buffer) => {
      received.push(b);
      controller.abort(new Error('candidate left'));
    });
    expect(((await done) as Error).message).toBe('candidate left');
    expect(audio.stream.destroyed).toBe(true);
  });

  it('fails the stream with a retryable AiError when the server stalls mid-way', async () => {
    standIn = await startOpenAiStandIn({ speechChunkBytes: 2_400, speechChunkIntervalMs: 10_000 });
    const audio = await tts(standIn.baseUrl, { streamIdleTimeoutMs: 1_000 }).synthesize('hello there');
    const started = performance.now();
    const err = await drain(audio.stream).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AiError', capability: 'tts', retryable: true });
    expect((err as Error).message).toMatch(/stalled for 1000 ms/);
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it('does not count time the consumer spends not reading as a stall', async () => {
    standIn = await startOpenAiStandIn({ speechChunkBytes: 4_800 });
    const audio = await tts(standIn.baseUrl, { streamIdleTimeoutMs: 500 }).synthesize('hello there, how are you today');
    const first = await new Promise<Buffer>((resolve) => audio.stream.once('data', resolve));
    audio.stream.pause();
    await new Promise((r) => setTimeout(r, 1_500));
    const rest = await drain(audio.stream);
    expect(first.length + rest.reduce((n, c) => n + c.bytes.length, 0)).toBeGreaterThan(48_000);
  });

  it('refuses empty and over-long text without a request', async () => {
    standIn = await startOpenAiStandIn();
    await expect(tts(standIn.baseUrl).synthesize('  ')).rejects.toMatchObject({ retryable: false });
    await expect(tts(standIn.baseUrl).synthesize('a'.repeat(4_097))).rejects.toMatchObject({ retryable: false });
    expect(standIn.calls).toHaveLength(0);
  });

  it('wav: the same PCM as pcm, with the rate from the header; a WAV cut off mid-body fails the stream', async () => {
    standIn = await startOpenAiStandIn();
    const expected = parseWav(await synthesizeWithFestival(SENTENCE, { sampleRateHz: 24_000 })).pcm;
    const audio = await tts(standIn.baseUrl, { responseFormat: 'wav' }).synthesize(SENTENCE);
    expect(audio).toMatchObject({ format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1 });
    expect(Buffer.concat((await drain(audio.stream)).map((c) => c.bytes)).equals(expected)).toBe(true);
    expect(standIn.callsTo('/v1/audio/speech')[0]?.body).toMatchObject({ response_format: 'wav' });

    standIn.failSpeechNext({ at: 'mid_body' });
    const cut = await tts(standIn.baseUrl, { responseFormat: 'wav', maxRetries: 0 }).synthesize(SENTENCE);
    await expect(drain(cut.stream)).rejects.toThrow();
    expect(cut.stream.destroyed).toBe(true);
  });

  it('wav: an abort while the audio flows destroys the decoded stream with the reason', async () => {
    standIn = await startOpenAiStandIn();
    const controller = new AbortController();
    const audio = await tts(standIn.baseUrl, { responseFormat: 'wav' }).synthesize(SENTENCE, { signal: controller.signal });
    controller.abort(new Error('candidate barged in'));
    await expect(drain(audio.stream)).rejects.toThrow('candidate barged in');
  });

  it('opus: Ogg Opus passed on as it streams', async () => {
    standIn = await startOpenAiStandIn();
    const audio = await tts(standIn.baseUrl, { responseFormat: 'opus' }).synthesize('hello there');
    expect(audio.format).toBe('ogg_opus');
    const bytes = Buffer.concat((await drain(audio.stream)).map((c) => c.bytes));
    expect(bytes.toString('latin1', 0, 4)).toBe('OggS');
    expect(bytes.toString('latin1', 28, 36)).toBe('OpusHead');
  });
});
