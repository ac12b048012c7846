import { AiError } from '../AiError.ts';
import type { SpeechToText, TranscribeOptions } from '../SpeechToText.ts';

/** One scripted outcome: a transcript or an error, after an optional delay in ms. */
export type FakeTranscription = { text: string; delayMs?: number } | { error: Error; delayMs?: number };

/** One call, as logged. */
export interface FakeTranscribeCall {
  wav: Buffer;
  /** Audio length from the WAV header (16 kHz mono s16le assumed when absent), in ms. */
  audioMs: number;
  prompt: string | undefined;
  language: string | undefined;
  outcome: 'pending' | 'ok' | 'error' | 'aborted';
}

/** Options of {@link FakeSpeechToText}. */
export interface FakeSpeechToTextOptions {
  /** Used when nothing is scripted: returns the transcript (may be async) or throws. Default: ''. */
  handler?: (wav: Buffer, options: TranscribeOptions) => string | Promise<string>;
  /** Delay of every call without its own delay, in ms (real timers). Default 0. */
  delayMs?: number;
}

/**
 * A scripted {@link SpeechToText} for tests: queued transcripts or failures (consumed one per
 * call, in order), then a handler; a call log with the audio length and prompt of each call.
 */
export class FakeSpeechToText implements SpeechToText {
  readonly calls: FakeTranscribeCall[] = [];
  readonly #queue: FakeTranscription[] = [];
  readonly #o: FakeSpeechToTextOptions;

  constructor(options: FakeSpeechToTextOptions = {}) {
    this.#o = options;
  }

  /** A retryable (rate limit) or permanent STT failure to put in a script. */
  static failure(retryable: boolean): FakeTranscription {
    return { error: new AiError('stt', retryable ? 'fake: rate limited' : 'fake: bad request', { retryable, status: retryable ? 429 : 400 }) };
  }

  /** Queues outcomes; each call consumes one. */
  script(...outcomes: Array<FakeTranscription | string>): this {
    for (const o of outcomes) this.#queue.push(typeof o === 'string' ? { text: o } : o);
    return this;
  }

  /** Total audio sent, in ms. */
  get audioMs(): number {
    return this.calls.reduce((sum, c) => sum + c.audioMs, 0);
  }

  async transcribe(wav: Buffer, options: TranscribeOptions = {}): Promise<string> {
    const call: FakeTranscribeCall = { wav, audioMs: wavDurationMs(wav), prompt: options.prompt, language: options.language, outcome: 'pending' };
    this.calls.push(call);
    const next = this.#queue.shift();
    try {
      await delay(next?.delayMs ?? this.#o.delayMs ?? 0, options.signal);
      if (next && 'error' in next) throw next.error;
      const text = next ? next.text : await (this.#o.handler?.(wav, options) ?? '');
      call.outcome = 'ok';
      return text;
    } catch (error) {
      call.outcome = options.signal?.aborted ? 'aborted' : 'error';
      throw error;
    }
  }
}

function wavDurationMs(wav: Buffer): number {
  const riff = wav.length >= 44 && wav.toString('ascii', 0, 4) === 'RIFF';
  const byteRate = riff ? wav.readUInt32LE(28) : 32_000;
  const bytes = riff ? wav.length - 44 : wav.length;
  return byteRate > 0 ? Math.round((bytes * 1000) / byteRate) : 0;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AiError('stt', 'aborted', { retryable: false, cause: signal.reason }));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AiError('stt', 'aborted', { retryable: false, cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
