import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AiError } from './AiError.ts';
import { decodeWavStream } from './decodeWavStream.ts';
import { guardStalls } from './guardStalls.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './TextToSpeech.ts';

/** OpenAI's input limit for one speech request, in characters. */
export const MAX_SPEECH_INPUT_CHARS = 4_096;

/** What `response_format: 'pcm'` returns: 24 kHz, signed 16-bit little-endian, mono. */
export const TTS_PCM_SAMPLE_RATE_HZ = 24_000;

/** What /audio/speech is asked for: raw 24 kHz PCM (OpenAI), a WAV file, or Ogg Opus. */
export type TtsResponseFormat = 'pcm' | 'wav' | 'opus';

/** Provider options plus the voice, the response format and the mid-stream stall limit. */
export interface OpenAiTextToSpeechOptions extends OpenAiProviderOptions {
  voice: string;
  /** Default 'pcm'. `wav` is decoded here (rate and channels from its header); `opus` is passed on as Ogg Opus. */
  responseFormat?: TtsResponseFormat;
  /** Longest wait for the next audio chunk while the consumer is reading; default `timeoutMs`. */
  streamIdleTimeoutMs?: number;
}

/**
 * Speech synthesis through any OpenAI-compatible /audio/speech endpoint (OpenAI, Kokoro-FastAPI,
 * speaches...), streamed as it arrives so playback can start before synthesis ends: `pcm` as
 * 24 kHz s16le mono, `wav` decoded to s16le PCM without ffmpeg ({@link decodeWavStream}),
 * `opus` as Ogg Opus for the voice layer to demux. The attempt timeout covers the
 * wait for the response headers, and then any wait of more than `streamIdleTimeoutMs` for
 * the next chunk fails the stream; retries happen only before any audio was returned.
 */
export class OpenAiTextToSpeech extends OpenAiProvider<OpenAiTextToSpeechOptions> implements TextToSpeech {
  constructor(opts: OpenAiTextToSpeechOptions) {
    super('tts', opts);
  }

  /**
   * @returns PCM (24 kHz mono for `pcm`, the WAV's own format for `wav`) or Ogg Opus; `stream`
   *   yields chunks as the server sends them and is destroyed with the signal's reason if the
   *   caller aborts while it is still flowing
   * @throws AiError (not retryable) when a `wav` reply is not a WAV file
   */
  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
    if (text.trim() === '') throw new AiError('tts', 'nothing to say: the text is empty', { retryable: false });
    if (text.length > MAX_SPEECH_INPUT_CHARS) {
      throw new AiError('tts', `text is ${text.length} characters, over the ${MAX_SPEECH_INPUT_CHARS} speech limit`, { retryable: false });
    }
    const format = this.opts.responseFormat ?? 'pcm';
    const body = await this.retrying('synthesize', options.signal, async ({ signal }) => {
      const response = await this.client.audio.speech.create(
        { model: this.opts.model, voice: this.opts.voice, input: text, response_format: format },
        { signal },
      );
      if (!response.body) throw new AiError('tts', 'tts reply had no body', { retryable: true, status: response.status });
      return response.body;
    });
    const raw = guardStalls(Readable.fromWeb(body as WebReadableStream<Uint8Array>), this.opts.streamIdleTimeoutMs ?? this.opts.timeoutMs, 'tts');
    abortWith(raw, options.signal);
    if (format === 'opus') return { format: 'ogg_opus', stream: raw };
    if (format === 'pcm') return { format: 'pcm_s16le', sampleRateHz: TTS_PCM_SAMPLE_RATE_HZ, channels: 1, stream: raw };
    const wav = await decodeWavStream(raw);
    abortWith(wav.stream, options.signal);
    return { format: 'pcm_s16le', sampleRateHz: wav.sampleRateHz, channels: wav.channels, stream: wav.stream };
  }
}

/** Destroys `stream` with the signal's reason when the caller aborts while it is open. */
function abortWith(stream: Readable, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const onAbort = (): void => { stream.destroy(signal.reason as Error); };
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('close', () => signal.removeEventListener('abort', onAbort));
  }
}
