import type OpenAI from 'openai';
import type { Logger } from '../logger.ts';
import type { AiCapability } from './AiError.ts';
import { createOpenAiClient, type OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import { withRetry, type Attempt } from './withRetry.ts';

/**
 * What the three OpenAI-compatible providers share: one SDK client per capability, a logger
 * tagged with capability and model, and every call run through {@link withRetry} with the
 * provider's own timeout, retry count and backoff.
 */
export abstract class OpenAiProvider<Options extends OpenAiProviderOptions = OpenAiProviderOptions> {
  protected readonly client: OpenAI;
  protected readonly opts: Options;
  protected readonly logger: Logger;
  readonly #capability: AiCapability;

  protected constructor(capability: AiCapability, opts: Options) {
    this.#capability = capability;
    this.opts = opts;
    this.logger = opts.logger.child({ capability, model: opts.model });
    this.client = createOpenAiClient(opts);
  }

  /** Runs `attempt` (named `operation` in logs) with this provider's per-attempt timeout and retries. */
  protected retrying<T>(operation: string, signal: AbortSignal | undefined, attempt: (a: Attempt) => Promise<T>): Promise<T> {
    return withRetry(
      {
        capability: this.#capability,
        operation,
        maxRetries: this.opts.maxRetries,
        attemptTimeoutMs: this.opts.timeoutMs,
        logger: this.logger,
        signal,
        ...this.opts.retry,
      },
      attempt,
    );
  }
}
