import type { Readable } from 'node:stream';

/** Audio as it arrives from the provider, streamed so playback can start early. */
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
