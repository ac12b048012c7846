import OpenAI from 'openai';
import type { ProviderConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RetryOptions } from './withRetry.ts';

/** Used when the config names no base URL. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** What every OpenAI-compatible provider is built from. */
export interface OpenAiProviderOptions extends ProviderConfig {
  logger: Logger;
  /** Backoff tuning (tests use short delays); see {@link RetryOptions}. */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>;
}

/**
 * An SDK client for one capability. The SDK's own retries are off (ours live in withRetry) and
 * its timeout is only a backstop behind our per-attempt timeout; its logging is off because it
 * could print request details.
 */
export function createOpenAiClient(opts: OpenAiProviderOptions): OpenAI {
  return new OpenAI({
    apiKey: opts.apiKey,
    // Explicit, so the SDK never falls back to reading the environment itself.
    baseURL: opts.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: opts.timeoutMs + 1_000,
    logLevel: 'off',
  });
}
