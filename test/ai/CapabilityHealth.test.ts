import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiProviders } from '../../src/ai/createAiProviders.ts';
import { parseConfig } from '../../src/config.ts';
import { HealthServer } from '../../src/bot/HealthServer.ts';
import { createLogger } from '../../src/logger.ts';
import { encodeWav } from '../../src/voice/wav.ts';
import { closedPort } from '../doctor/closedPort.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';

let standIn: OpenAiStandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn({ chat: () => 'fine, thanks' });
});
afterAll(async () => {
  await standIn?.close();
});

const PROMPT = 'My resume says I led the payments migration at Acme';

function providers(env: Record<string, string> = {}) {
  let nowMs = Date.parse('2026-12-01T10:00:00.000Z');
  const clock = { tick: () => { nowMs += 1_000; } };
  const ai = createAiProviders(
    parseConfig({ DISCORD_TOKEN: 'x'.repeat(30), OPENAI_API_KEY: 'sk-health-test-123', OPENAI_BASE_URL: standIn.baseUrl, LLM_MAX_RETRIES: '0', STT_MAX_RETRIES: '0', TTS_MAX_RETRIES: '0', ...env }),
    createLogger({ level: 'silent' }),
    { now: () => nowMs },
  );
  return { ai, clock };
}

async function drain(stream: NodeJS.ReadableStream): Promise<unknown> {
  try {
    for await (const chunk of stream) void chunk;
    return null;
  } catch (err) {
    return err;
  }
}

describe('AI capability health', () => {
  it('records each capability’s last success and failure (time and kind only) through the real providers', async () => {
    const { ai, clock } = providers();
    expect(ai.health.report()).toEqual({
      llm: { lastSuccessAt: null, lastFailure: null }, stt: { lastSuccessAt: null, lastFailure: null }, tts: { lastSuccessAt: null, lastFailure: null },
    });
    await ai.llm.chat([{ role: 'user', content: PROMPT }]);
    clock.tick();
    standIn.failNext('/v1/chat/completions', { status: 401 });
    await expect(ai.llm.chat([{ role: 'user', content: PROMPT }])).rejects.toMatchObject({ status: 401 });
    expect(ai.health.report().llm).toEqual({ lastSuccessAt: '2026-12-01T10:00:00.000Z', lastFailure: { at: '2026-12-01T10:00:01.000Z', kind: 'http_401' } });

    clock.tick();
    const hello = await synthesizeWithFestival('hello');
    await expect(ai.stt.transcribe(hello)).resolves.toMatch(/hello/i);
    expect(ai.health.report().stt).toEqual({ lastSuccessAt: '2026-12-01T10:00:02.000Z', lastFailure: null });

    // Speech counts when its audio has ended, not when the headers came.
    clock.tick();
    const audio = await ai.tts.synthesize('Hello there.');
    expect(ai.health.report().tts.lastSuccessAt).toBeNull();
    expect(await drain(audio.stream)).toBeNull();
    expect(ai.health.report().tts).toEqual({ lastSuccessAt: '2026-12-01T10:00:03.000Z', lastFailure: null });

    // A body cut off after the 200 is a failure, recorded when the stream fails.
    clock.tick();
    standIn.failSpeechNext({ at: 'mid_body', afterBytes: 4_800 });
    const cut = await ai.tts.synthesize('Hello there.');
    expect(await drain(cut.stream)).toBeInstanceOf(Error);
    expect(ai.health.report().tts).toEqual({ lastSuccessAt: '2026-12-01T10:00:03.000Z', lastFailure: { at: '2026-12-01T10:00:04.000Z', kind: 'connection' } });

    const text = JSON.stringify(ai.health.report());
    expect(text).not.toMatch(/Acme|resume|hello|injected|sk-/i);
  }, 60_000);

  it('records a connection failure, and nothing for a call the caller aborted', async () => {
    const { ai } = providers({ STT_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` });
    await expect(ai.stt.transcribe(encodeWav(Buffer.alloc(3_200), 16_000))).rejects.toMatchObject({ name: 'AiError' });
    expect(ai.health.report().stt.lastFailure?.kind).toBe('connection');

    standIn.setLatency({ chatMs: 5_000 });
    try {
      const controller = new AbortController();
      const call = ai.llm.chat([{ role: 'user', content: 'hi' }], { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('candidate left')), 50);
      await expect(call).rejects.toThrow('candidate left');
      expect(ai.health.report().llm).toEqual({ lastSuccessAt: null, lastFailure: null });
    } finally {
      standIn.setLatency({});
    }
  }, 60_000);

  it('GET /health carries the report under `ai` without changing the status', async () => {
    const { ai } = providers();
    await ai.llm.chat([{ role: 'user', content: 'hi' }]);
    standIn.failNext('/v1/audio/speech', { status: 500 });
    await expect(ai.tts.synthesize('Hello.')).rejects.toMatchObject({ status: 500 });
    const server = await HealthServer.start({
      host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), aiHealth: ai.health,
      report: async () => ({ status: 'ok', discord: true, db: true, activeInterviews: 0 }),
    });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ai: Record<string, unknown> };
      expect(body).toMatchObject({ status: 'ok', ai: { llm: { lastFailure: null }, stt: { lastSuccessAt: null, lastFailure: null }, tts: { lastSuccessAt: null, lastFailure: { kind: 'http_500' } } } });
      expect(typeof (body.ai.llm as { lastSuccessAt: unknown }).lastSuccessAt).toBe('string');
    } finally {
      await server.close();
    }
  }, 30_000);
});
