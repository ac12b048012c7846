import type { Readable } from 'node:stream';

/**
 * Audio as it arrives from the provider, streamed so playback can start early. Any failure of
 * the source (a body cut off, even before the first read) is emitted as this stream's own
 * 'error', so the one listener its owner attaches handles it.
 */
export type SpeechAudio =
  | { format: 'ogg_opus'; stream: Readable }
  | { format: 'pcm_s16le'; sampleRateHz: number; channels: 1 | 2; stream: Readable };

export interface SynthesizeOptions {
  signal?: AbortSignal;
}

/** Speech synthesis. Throws {@link AiError} when it gives up before any audio arrived. */
export interface TextToSpeech {
  synthesize(text: string, options?: SynthesizeOptions): Promise<SpeechAudio>;
}
