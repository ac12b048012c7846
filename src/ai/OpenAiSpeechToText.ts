import { toFile } from 'openai';
import { AiError } from './AiError.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import type { SpeechToText, TranscribeOptions } from './SpeechToText.ts';

/** OpenAI's upload limit for transcriptions. */
export const MAX_TRANSCRIPTION_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Whisper reads only the last 224 tokens of a prompt; longer context is cut to its end. */
export const MAX_TRANSCRIPTION_PROMPT_CHARS = 800;

/**
 * Speech recognition through any OpenAI-compatible /audio/transcriptions endpoint (Whisper,
 * faster-whisper servers...). The WAV is uploaded as a file; each attempt is limited to
 * `timeoutMs` and retryable failures are retried `maxRetries` times.
 */
export class OpenAiSpeechToText extends OpenAiProvider implements SpeechToText {
  constructor(opts: OpenAiProviderOptions) {
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
          ...(options.prompt ? { prompt: options.prompt.slice(-MAX_TRANSCRIPTION_PROMPT_CHARS) } : {}),
          ...(options.language ? { language: options.language } : {}),
        },
        { signal },
      );
      if (typeof result?.text !== 'string') throw new AiError('stt', 'stt reply had no text', { retryable: true });
      return result.text.trim();
    });
  }
}
