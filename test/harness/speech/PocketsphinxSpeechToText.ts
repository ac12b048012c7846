import type { SpeechToText, TranscribeOptions } from '../../../src/ai/SpeechToText.ts';
import { recognizeWithPocketsphinx } from './pocketsphinx.ts';

/** A {@link SpeechToText} backed by local pocketsphinx; logs each call's audio length and prompt. */
export class PocketsphinxSpeechToText implements SpeechToText {
  readonly calls: Array<{ audioMs: number; prompt: string | undefined; text: string }> = [];

  async transcribe(wav: Buffer, options: TranscribeOptions = {}): Promise<string> {
    const text = await recognizeWithPocketsphinx(wav);
    this.calls.push({ audioMs: Math.round(((wav.length - 44) / 32_000) * 1000), prompt: options.prompt, text });
    return text;
  }
}
