/** Which capability failed; useful in logs and user-facing messages. */
export type AiCapability = 'llm' | 'stt' | 'tts';

/**
 * A provider failure. `retryable` says whether trying again may help (rate limits, 5xx,
 * timeouts, network errors, malformed output) or not (bad key, bad request, unsupported model).
 * Messages never contain prompts, transcripts or keys.
 */
export class AiError extends Error {
  override name = 'AiError';
  readonly capability: AiCapability;
  readonly retryable: boolean;
  /** HTTP status if there was one. */
  readonly status: number | undefined;
  constructor(capability: AiCapability, message: string, opts: { retryable: boolean; status?: number; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.capability = capability;
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}
