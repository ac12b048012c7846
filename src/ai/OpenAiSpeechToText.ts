import { toFile } from 'openai';
import { AiError } from './AiError.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import type { SpeechToText, TranscribeOptions } from './SpeechToText.ts';

/** OpenAI's upload limit for transcriptions. */
export const MAX_TRANSCRIPTION_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Whisper reads only the last 224 tokens of a prompt; longer context is cut to its end. */
export const MAX_TRANSCRIPTION_PROMPT_CHARS = 800;

/** Provider options plus what a transcription request may carry besides the audio. */
export interface OpenAiSpeechToTextOptions extends OpenAiProviderOptions {
  /** Send the text so far as `prompt` (default true; some servers refuse the field). */
  sendPrompt?: boolean;
  /** Send the ISO-639-1 `language` hint (default true). */
  sendLanguage?: boolean;
}

/**
 * Speech recognition through any OpenAI-compatible /audio/transcriptions endpoint (Whisper,
 * faster-whisper servers such as speaches...). The WAV is uploaded as a file; each attempt is
 * limited to `timeoutMs` and retryable failures are retried `maxRetries` times. `prompt` and
 * `language` are sent unless the options turn them off.
 */
export class OpenAiSpeechToText extends OpenAiProvider<OpenAiSpeechToTextOptions> implements SpeechToText {
  constructor(opts: OpenAiSpeechToTextOptions) {
    super('stt', opts);
  }

  /**
   * @param wav a complete 16 kHz mono s16le WAV file, at most 25 MB
   * @returns the recognised text, trimmed ('' when nothing was said)
   * @throws AiError (not retryable) before sending when the file is over 25 MB
   */
  async transcribe(wav: Buffer, options: TranscribeOptions = {}): Promise<string> {
    if (wav.byteLength > MAX_TRANSCRIPTION_UPLOAD_BYTES) {
      throw new AiError('stt', `audio is ${wav.byteLength} bytes, over the 25 MB transcription limit`, { retryable: false });
    }
    const file = await toFile(wav, 'speech.wav', { type: 'audio/wav' });
    return this.retrying('transcribe', options.signal, async ({ signal }) => {
      const result = await this.client.audio.transcriptions.create(
        {
          file,
          model: this.opts.model,
          response_format: 'json',
          ...(options.prompt && this.opts.sendPrompt !== false ? { prompt: options.prompt.slice(-MAX_TRANSCRIPTION_PROMPT_CHARS) } : {}),
          ...(options.language && this.opts.sendLanguage !== false ? { language: options.language } : {}),
        },
        { signal },
      );
      if (typeof result?.text !== 'string') throw new AiError('stt', 'stt reply had no text', { retryable: true });
      return result.text.trim();
    });
  }
}
