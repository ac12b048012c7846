import type { z } from 'zod';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** 0–2; defaults to the provider's. */
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

/**
 * Chat and structured output. Implementations retry retryable failures themselves and throw
 * {@link AiError} when they give up.
 */
export interface LanguageModel {
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<string>;
  /** Returns output validated against `schema`; malformed output counts as a retryable failure. */
  structured<T>(messages: ChatMessage[], schema: z.ZodType<T>, schemaName: string, options?: ChatOptions): Promise<T>;
}
