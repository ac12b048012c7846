import { describe, expect, it } from 'vitest';
import { FakeTextToSpeech } from '../../src/ai/testing/FakeTextToSpeech.ts';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from '../../src/ai/TextToSpeech.ts';
import { PhraseCache } from '../../src/voice/PhraseCache.ts';
import { toAudioResource } from '../../src/voice/Playable.ts';

/** A FakeTextToSpeech whose syntheses wait until released, recording the signal each got. */
function gatedTts() {
  const fake = new FakeTextToSpeech({ chunkBytes: 960 });
  const signals: Array<AbortSignal | undefined> = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const tts: TextToSpeech = {
    synthesize: async (text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> => {
      signals.push(options.signal);
      await gate;
      return fake.synthesize(text, options);
    },
  };
  return { tts, signals, release };
}

describe('PhraseCache', () => {
  it('one caller giving up (its signal aborts) never cancels the synthesis other interviews share', async () => {
    const { tts, signals, release } = gatedTts();
    const cache = new PhraseCache(tts);
    const quitter = new AbortController();
    const first = cache.resource('Hello! This interview is recorded.', quitter.signal);
    const second = cache.resource('Hello! This interview is recorded.');
    quitter.abort(new DOMException('interview stopped', 'AbortError'));
    await expect(first).rejects.toThrow('interview stopped');
    release();
    const resource = await second;
    expect(toAudioResource(resource).playStream.readable).toBe(true);
    expect(signals).toHaveLength(1); // synthesised once, for everyone
    expect(signals[0]?.aborted ?? false).toBe(false);
    expect(cache.has('Hello! This interview is recorded.')).toBe(true);
    expect(await cache.sizeBytes()).toBeGreaterThan(0);
  });

  it('forgets a failed synthesis so the next call tries again', async () => {
    const fake = new FakeTextToSpeech().failNext(1);
    const cache = new PhraseCache(fake);
    await expect(cache.resource('Hi.')).rejects.toThrow();
    expect(cache.has('Hi.')).toBe(false);
    await expect(cache.resource('Hi.')).resolves.toBeDefined();
  });
});
