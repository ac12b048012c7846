export interface TranscribeOptions {
  /** Text said so far, as context for names and terms. */
  prompt?: string;
  /** ISO-639-1, e.g. 'en'. */
  language?: string;
  signal?: AbortSignal;
}

/** Speech recognition of one short utterance. Throws {@link AiError} when it gives up. */
export interface SpeechToText {
  /** @param wav a complete 16 kHz mono s16le WAV file */
  transcribe(wav: Buffer, options?: TranscribeOptions): Promise<string>;
}
