import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AiError } from './AiError.ts';
import { guardStalls } from './guardStalls.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './TextToSpeech.ts';

/** OpenAI's input limit for one speech request, in characters. */
export const MAX_SPEECH_INPUT_CHARS = 4_096;

/** What `response_format: 'pcm'` returns: 24 kHz, signed 16-bit little-endian, mono. */
export const TTS_PCM_SAMPLE_RATE_HZ = 24_000;

/** Provider options plus the voice and the mid-stream stall limit. */
export interface OpenAiTextToSpeechOptions extends OpenAiProviderOptions {
  voice: string;
  /** Longest wait for the next audio chunk while the consumer is reading; default `timeoutMs`. */
  streamIdleTimeoutMs?: number;
}

/**
 * Speech synthesis through any OpenAI-compatible /audio/speech endpoint, as raw PCM streamed
 * as it arrives so playback can start before synthesis ends. The attempt timeout covers the
 * wait for the response headers, and then any wait of more than `streamIdleTimeoutMs` for
 * the next chunk fails the stream; retries happen only before any audio was returned.
 */
export class OpenAiTextToSpeech extends OpenAiProvider<OpenAiTextToSpeechOptions> implements TextToSpeech {
  constructor(opts: OpenAiTextToSpeechOptions) {
    super('tts', opts);
  }

  /**
   * @returns 24 kHz s16le mono PCM; `stream` yields chunks as the server sends them and is
   *   destroyed with the signal's reason if the caller aborts while it is still flowing
   */
  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
    if (text.trim() === '') throw new AiError('tts', 'nothing to say: the text is empty', { retryable: false });
    if (text.length > MAX_SPEECH_INPUT_CHARS) {
      throw new AiError('tts', `text is ${text.length} characters, over the ${MAX_SPEECH_INPUT_CHARS} speech limit`, { retryable: false });
    }
    const body = await this.retrying('synthesize', options.signal, async ({ signal }) => {
      const response = await this.client.audio.speech.create(
        { model: this.opts.model, voice: this.opts.voice, input: text, response_format: 'pcm' },
        { signal },
      );
      if (!response.body) throw new AiError('tts', 'tts reply had no body', { retryable: true, status: response.status });
      return response.body;
    });
    const stream = guardStalls(Readable.fromWeb(body as WebReadableStream<Uint8Array>), this.opts.streamIdleTimeoutMs ?? this.opts.timeoutMs, 'tts');
    const signal = options.signal;
    if (signal) {
      const onAbort = (): void => { stream.destroy(signal.reason as Error); };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    return { format: 'pcm_s16le', sampleRateHz: TTS_PCM_SAMPLE_RATE_HZ, channels: 1, stream };
  }
}
