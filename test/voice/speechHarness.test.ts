import { describe, expect, it } from 'vitest';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { recognizeWithPocketsphinx } from '../harness/speech/pocketsphinx.ts';
import { encodeWav, parseWav } from '../../src/voice/wav.ts';

describe('speech harness', () => {
  it('festival speaks a WAV at the requested rate, and pocketsphinx hears its key words', async () => {
    const wav = await synthesizeWithFestival('I built a distributed cache and reduced latency by forty percent');
    const audio = parseWav(wav);
    expect(audio).toMatchObject({ sampleRateHz: 16_000, channels: 1, bitsPerSample: 16 });
    expect(audio.pcm.length / 32_000).toBeGreaterThan(2);
    const text = await recognizeWithPocketsphinx(wav);
    expect(text).toMatch(/^[a-z' ]+$/);
    expect(text).toContain('distributed');
    expect(text).toContain('forty percent');

    const wav48 = parseWav(await synthesizeWithFestival('hello', { sampleRateHz: 48_000 }));
    expect(wav48.sampleRateHz).toBe(48_000);
  }, 60_000);

  it('pocketsphinx hears nothing in silence and rejects other sample rates', async () => {
    expect(await recognizeWithPocketsphinx(encodeWav(Buffer.alloc(32_000), 16_000))).toBe('');
    await expect(recognizeWithPocketsphinx(encodeWav(Buffer.alloc(4800), 24_000))).rejects.toThrow(/16 kHz/);
  }, 60_000);
});
