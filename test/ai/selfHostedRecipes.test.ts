import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAiProviders } from '../../src/ai/createAiProviders.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { checkChatModel } from '../../src/doctor/checkChatModel.ts';
import { checkSpeechToText } from '../../src/doctor/checkSpeechToText.ts';
import { checkTextToSpeech } from '../../src/doctor/checkTextToSpeech.ts';
import { QUESTION_SCHEMA_NAME, QuestionSchema } from '../../src/interview/QuestionGenerator.ts';
import { createLogger } from '../../src/logger.ts';
import { opusPacketStream } from '../../src/voice/createSpeechResource.ts';
import { opusPacketDurationMs } from '../../src/voice/TwentyMsOpus.ts';
import { parseWav } from '../../src/voice/wav.ts';
import { startOpenAiStandIn, type OpenAiStandIn, type OpenAiStandInOptions } from '../harness/openai/startOpenAiStandIn.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { readmeRecipe } from './readmeRecipe.ts';

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** The README recipe's variables against a stand-in emulating that server; `over` adds or overrides. */
async function recipe(heading: string, opts: OpenAiStandInOptions, over: Record<string, string> = {}): Promise<{ config: Config; server: OpenAiStandIn }> {
  const server = await startOpenAiStandIn(opts);
  standIn = server;
  const env = { DISCORD_TOKEN: 'x'.repeat(30), OPENAI_API_KEY: 'sk-unused-for-this-capability', ...readmeRecipe(heading, server.baseUrl), ...over };
  return { config: parseConfig(env), server };
}

const QUESTION = { question: 'Tell me about the cache you built in Go.', isFollowUp: false, focus: 'caching' };

/** Answers each structured call after its schema: the interview's question, or the doctor's health check. */
const byschema: OpenAiStandInOptions['chat'] = (request) =>
  request.response_format?.json_schema?.name === 'health_check' || JSON.stringify(request.messages).includes('You are a health check') ? { status: 'ok', word: 'hello' } : QUESTION;

async function all(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return chunks;
}

describe('recipe: Ollama (chat)', () => {
  it('generates a question with a strict schema; the doctor passes', async () => {
    const { config, server } = await recipe('Ollama (chat)', { server: 'ollama', chat: byschema });
    expect(config.llm).toMatchObject({ model: 'llama3.1:8b', apiKey: 'ollama', baseUrl: server.baseUrl });
    const { llm } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(llm.structured([{ role: 'user', content: 'Ask a question.' }], QuestionSchema, QUESTION_SCHEMA_NAME)).resolves.toEqual(QUESTION);
    expect((await checkChatModel(config.llm)).ok).toBe(true);
    expect(server.callsTo('/v1/models')).toHaveLength(1);
  });

  it('a server refusing json_schema: answers through json_object, and the doctor says so', async () => {
    const { config, server } = await recipe('Ollama (chat)', { server: 'ollama', chatQuirks: { refuseJsonSchema: true }, chat: byschema });
    const { llm } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(llm.structured([{ role: 'user', content: 'Ask a question.' }], QuestionSchema, QUESTION_SCHEMA_NAME)).resolves.toEqual(QUESTION);
    expect(server.callsTo('/v1/chat/completions').map((c) => (c.body as { response_format: { type: string } }).response_format.type)).toEqual(['json_schema', 'json_object']);
    const result = await checkChatModel(config.llm);
    expect(result).toMatchObject({ ok: true });
    expect(result.detail).toContain('the server refused json_schema: json_object with the schema in the prompt is used instead');
  });

  it('a model that was not pulled: Ollama’s 404, and the doctor lists the pulled models', async () => {
    const { config, server } = await recipe('Ollama (chat)', { server: 'ollama', chat: () => QUESTION }, { LLM_MODEL: 'llama3' });
    const { llm } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(llm.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({ name: 'AiError', status: 404, retryable: false });
    expect(server.callsTo('/v1/chat/completions')[0]?.refused).toBe('model "llama3" not found, try pulling it first');
    expect(await checkChatModel(config.llm)).toEqual({
      name: 'Chat model', ok: false,
      detail: `model "llama3" not found on ${server.baseUrl}, available: llama3.1:8b, qwen2.5:7b-instruct`,
      fix: 'set LLM_MODEL to one of them (Ollama: ollama pull llama3)',
    });
  });
});

describe('recipe: speaches (speech to text)', () => {
  it('sends language and prompt and transcribes; the doctor passes', async () => {
    const { config, server } = await recipe('speaches (speech to text, faster-whisper)', { server: 'speaches' });
    const { stt } = createAiProviders(config, createLogger({ level: 'silent' }));
    const wav = await synthesizeWithFestival('In my last project I built a distributed cache');
    const text = await stt.transcribe(wav, { language: 'en', prompt: 'Tell me about your last project.' });
    expect(text).toMatch(/project/);
    expect(server.callsTo('/v1/audio/transcriptions')[0]?.body).toMatchObject({ model: 'Systran/faster-whisper-small', language: 'en', prompt: 'Tell me about your last project.' });
    expect(await checkSpeechToText(config.stt)).toMatchObject({ ok: true, detail: expect.stringMatching(/heard "hello"/) });
  });

  it('a model that is not installed: the doctor lists the installed ones', async () => {
    const { config, server } = await recipe('speaches (speech to text, faster-whisper)', { server: 'speaches' }, { STT_MODEL: 'whisper-1' });
    const { stt } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(stt.transcribe(await synthesizeWithFestival('hello'))).rejects.toMatchObject({ status: 404 });
    expect(server.callsTo('/v1/audio/transcriptions')[0]?.refused).toMatch(/^Model 'whisper-1' is not installed locally/);
    expect(await checkSpeechToText(config.stt)).toMatchObject({ ok: false, detail: expect.stringContaining('available: Systran/faster-whisper-small, Systran/faster-distil-whisper-small.en') });
  });

  it('a server refusing prompt: the doctor says to set STT_SEND_PROMPT=false, and then no prompt is sent', async () => {
    const refusing = await recipe('speaches (speech to text, faster-whisper)', { server: 'speaches', refuseTranscriptionPrompt: true });
    expect(await checkSpeechToText(refusing.config.stt)).toMatchObject({ ok: false, fix: 'set STT_SEND_PROMPT=false' });
    await standIn?.close();
    const { config, server } = await recipe('speaches (speech to text, faster-whisper)', { server: 'speaches', refuseTranscriptionPrompt: true }, { STT_SEND_PROMPT: 'false' });
    expect(await checkSpeechToText(config.stt)).toMatchObject({ ok: true });
    const { stt } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(stt.transcribe(await synthesizeWithFestival('hello'), { prompt: 'so far', language: 'en' })).resolves.toMatch(/hello/);
    const body = server.callsTo('/v1/audio/transcriptions').at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ language: 'en' });
    expect(body).not.toHaveProperty('prompt');
  });
});

describe('recipe: Kokoro-FastAPI (text to speech)', () => {
  it('streams WAV with an unknown length, decoded to the same 24 kHz PCM; the doctor passes', async () => {
    const { config, server } = await recipe('Kokoro-FastAPI (text to speech)', { server: 'kokoro', speechChunkBytes: 1_001 });
    const { tts } = createAiProviders(config, createLogger({ level: 'silent' }));
    const audio = await tts.synthesize('Tell me about yourself.');
    expect(audio).toMatchObject({ format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1 });
    const pcm = Buffer.concat(await all(audio.stream));
    expect(pcm.equals(parseWav(await synthesizeWithFestival('Tell me about yourself.', { sampleRateHz: 24_000 })).pcm)).toBe(true);
    expect(server.callsTo('/v1/audio/speech')[0]?.body).toMatchObject({ model: 'kokoro', voice: 'af_heart', response_format: 'wav' });
    expect(await checkTextToSpeech(config.tts)).toMatchObject({ ok: true });
  });

  it('Ogg Opus: demuxed into 20 ms packets for the player, as long as the speech', async () => {
    const { config } = await recipe('Kokoro-FastAPI (text to speech)', { server: 'kokoro' }, { TTS_RESPONSE_FORMAT: 'opus' });
    const { tts } = createAiProviders(config, createLogger({ level: 'silent' }));
    const audio = await tts.synthesize('Tell me about yourself.');
    expect(audio.format).toBe('ogg_opus');
    const packets = await all(opusPacketStream(audio));
    expect(packets.every((p) => opusPacketDurationMs(p) === 20)).toBe(true);
    const spokenMs = (parseWav(await synthesizeWithFestival('Tell me about yourself.', { sampleRateHz: 24_000 })).pcm.length / 48_000) * 1000;
    expect(Math.abs(packets.length * 20 - spokenMs)).toBeLessThanOrEqual(20);
    expect(await checkTextToSpeech(config.tts)).toMatchObject({ ok: true, detail: expect.stringContaining('opus') });
  });

  it('a voice Kokoro does not have: its 400, and the doctor shows its message', async () => {
    const { config } = await recipe('Kokoro-FastAPI (text to speech)', { server: 'kokoro' }, { TTS_VOICE: 'ballad' });
    const { tts } = createAiProviders(config, createLogger({ level: 'silent' }));
    await expect(tts.synthesize('Hello.')).rejects.toMatchObject({ name: 'AiError', status: 400, retryable: false });
    const result = await checkTextToSpeech(config.tts);
    expect(result).toMatchObject({ ok: false });
    expect(result.detail).toContain("Voice 'ballad' not found. Available voices: af_bella");
  });

  it('a WAV at 22.05 kHz (Piper voices): resampled to 48 kHz, same duration', async () => {
    const { config } = await recipe('Kokoro-FastAPI (text to speech)', { server: 'kokoro', speechWavSampleRateHz: 22_050 });
    const { tts } = createAiProviders(config, createLogger({ level: 'silent' }));
    const audio = await tts.synthesize('Hello.');
    expect(audio).toMatchObject({ format: 'pcm_s16le', sampleRateHz: 48_000, channels: 1 });
    const pcm = Buffer.concat(await all(audio.stream));
    const sourceSamples = parseWav(await synthesizeWithFestival('Hello.', { sampleRateHz: 22_050 })).pcm.length / 2;
    expect(Math.abs(pcm.length / 2 / 48_000 - sourceSamples / 22_050)).toBeLessThan(0.001);
  });
});
