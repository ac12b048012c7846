import { Readable } from 'node:stream';
import { AiError } from '../AiError.ts';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from '../TextToSpeech.ts';

/** One call, as logged. */
export interface FakeSynthesizeCall {
  text: string;
  outcome: 'ok' | 'error';
}

/** Options of {@link FakeTextToSpeech}. */
export interface FakeTextToSpeechOptions {
  /**
   * Produces the audio for `text` as 24 kHz mono s16le PCM. Default: a 220 Hz tone of
   * 60 ms per character (at least 200 ms), loud enough to be heard as speech.
   */
  render?: (text: string) => Buffer | Promise<Buffer>;
  /** Bytes per chunk of the returned stream (to test streaming). Default 4800 (100 ms). */
  chunkBytes?: number;
}

/** 24 kHz mono s16le, like the OpenAI-compatible provider's `pcm` format. */
export const FAKE_TTS_SAMPLE_RATE_HZ = 24_000;

/**
 * A scripted {@link TextToSpeech} for tests: real PCM (a tone, or whatever `render` returns,
 * e.g. festival speech) streamed in chunks, injected failures, and a call log.
 */
export class FakeTextToSpeech implements TextToSpeech {
  readonly calls: FakeSynthesizeCall[] = [];
  readonly #o: FakeTextToSpeechOptions;
  #failures: Error[] = [];

  constructor(options: FakeTextToSpeechOptions = {}) {
    this.#o = options;
  }

  /** The next `count` calls fail with a retryable (or permanent) AiError. */
  failNext(count = 1, retryable = true): this {
    for (let i = 0; i < count; i++) {
      this.#failures.push(new AiError('tts', retryable ? 'fake: rate limited' : 'fake: bad request', { retryable, status: retryable ? 429 : 400 }));
    }
    return this;
  }

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
    if (options.signal?.aborted) throw new AiError('tts', 'aborted', { retryable: false, cause: options.signal.reason });
    const failure = this.#failures.shift();
    if (failure) {
      this.calls.push({ text, outcome: 'error' });
      throw failure;
    }
    this.calls.push({ text, outcome: 'ok' });
    const pcm = await (this.#o.render ?? tone)(text);
    const chunk = this.#o.chunkBytes ?? 4800;
    function* chunks(): Generator<Buffer> {
      for (let i = 0; i < pcm.length; i += chunk) yield pcm.subarray(i, i + chunk);
    }
    const stream = Readable.from(chunks(), { objectMode: false });
    // As the OpenAI provider does: an abort while the audio still flows destroys it with the reason.
    const signal = options.signal;
    if (signal) {
      const onAbort = (): void => void stream.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      stream.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    return { format: 'pcm_s16le', sampleRateHz: FAKE_TTS_SAMPLE_RATE_HZ, channels: 1, stream };
  }
}

function tone(text: string): Buffer {
  const samples = Math.max(0.2, text.length * 0.06) * FAKE_TTS_SAMPLE_RATE_HZ;
  const pcm = Buffer.alloc(Math.round(samples) * 2);
  for (let i = 0; i < pcm.length / 2; i++) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / FAKE_TTS_SAMPLE_RATE_HZ)), i * 2);
  }
  return pcm;
}
