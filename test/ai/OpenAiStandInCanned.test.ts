import { afterEach, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/voice/wav.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** 0.1 s of a recognisable ramp at 24 kHz: not something festival would say. */
function clip(): Buffer {
  const pcm = Buffer.alloc(4_800);
  for (let i = 0; i < 2_400; i++) pcm.writeInt16LE((i * 13) % 30_000, i * 2);
  return encodeWav(pcm, 24_000);
}

const upload = (filename: string): FormData => {
  const form = new FormData();
  form.append('model', 'whisper-1');
  form.append('file', new File([encodeWav(Buffer.alloc(32_000), 16_000)], filename, { type: 'audio/wav' }));
  return form;
};

describe('OpenAI stand-in, canned mode', () => {
  it('answers speech with the canned clip whatever the input, as pcm and as wav', async () => {
    const wav = clip();
    standIn = await startOpenAiStandIn({ cannedSpeechWav: wav });
    const pcm = await post(standIn.baseUrl, '/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'good morning', response_format: 'pcm' });
    expect(pcm.status).toBe(200);
    expect(Buffer.from(await pcm.arrayBuffer()).equals(parseWav(wav).pcm)).toBe(true);
    const whole = await post(standIn.baseUrl, '/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'something else', response_format: 'wav' });
    expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true);
  });

  it('still refuses what OpenAI refuses before answering', async () => {
    standIn = await startOpenAiStandIn({ cannedSpeechWav: clip(), cannedTranscript: 'canned words' });
    const badVoice = await post(standIn.baseUrl, '/audio/speech', { model: 'tts-1', voice: 'nobody', input: 'hi', response_format: 'pcm' });
    expect(badVoice.status).toBe(400);
    const badFormat = await fetch(`${standIn.baseUrl}/audio/transcriptions`, { method: 'POST', body: upload('audio.xyz') });
    expect(badFormat.status).toBe(400);
  });

  it('answers every accepted transcription with the canned text', async () => {
    standIn = await startOpenAiStandIn({ cannedTranscript: 'I built a cache in Go.' });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${standIn.baseUrl}/audio/transcriptions`, { method: 'POST', body: upload('answer.wav') });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ text: 'I built a cache in Go.' });
    }
  });
});
