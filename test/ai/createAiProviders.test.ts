import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiProviders } from '../../src/ai/createAiProviders.ts';
import { parseConfig } from '../../src/config.ts';
import { chatScript } from '../harness/openai/chatScript.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { testLogger } from './testLogger.ts';

let chatServer: OpenAiStandIn;
let speechServer: OpenAiStandIn;
beforeAll(async () => {
  [chatServer, speechServer] = await Promise.all([startOpenAiStandIn(), startOpenAiStandIn()]);
});
afterAll(async () => {
  await Promise.all([chatServer?.close(), speechServer?.close()]);
});

describe('createAiProviders', () => {
  it('sends each capability to its own base URL with its own model and voice', async () => {
    const config = parseConfig({
      DISCORD_TOKEN: 'x'.repeat(30),
      OPENAI_API_KEY: 'sk-default-key-123',
      OPENAI_BASE_URL: speechServer.baseUrl,
      LLM_BASE_URL: chatServer.baseUrl,
      LLM_MODEL: 'llama3.1:8b',
      TTS_MODEL: 'tts-x',
      TTS_VOICE: 'onyx',
    });
    const { llm, tts } = createAiProviders(config, testLogger().logger);
    chatServer.setChatHandler(chatScript(['hi']));
    await expect(llm.chat([{ role: 'user', content: 'hello' }])).resolves.toBe('hi');
    expect(chatServer.calls.map((c) => (c.body as { model: string }).model)).toEqual(['llama3.1:8b']);

    const audio = await tts.synthesize('hello');
    audio.stream.resume();
    await new Promise((resolve) => audio.stream.once('end', resolve));
    expect(speechServer.calls.map((c) => c.path)).toEqual(['/v1/audio/speech']);
    expect(speechServer.calls[0]?.body).toMatchObject({ model: 'tts-x', voice: 'onyx', response_format: 'pcm' });
  });
});
