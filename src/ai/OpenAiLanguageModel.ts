import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { AiError } from './AiError.ts';
import type { ChatMessage, ChatOptions, LanguageModel } from './LanguageModel.ts';
import { createOpenAiClient, type OpenAiProviderOptions } from './OpenAiProviderOptions.ts';
import { withRetry } from './withRetry.ts';

/**
 * Chat and structured output through any OpenAI-compatible chat completions endpoint (OpenAI,
 * Ollama, vLLM...). Each attempt is limited to `timeoutMs`; retryable failures, including
 * replies that are not valid JSON or do not match the schema, are retried `maxRetries` times.
 */
export class OpenAiLanguageModel implements LanguageModel {
  readonly #client: OpenAI;
  readonly #opts: OpenAiProviderOptions;
  readonly #logger: Logger;

  constructor(opts: OpenAiProviderOptions) {
    this.#opts = opts;
    this.#logger = opts.logger.child({ capability: 'llm', model: opts.model });
    this.#client = createOpenAiClient(opts);
  }

  /** @returns the assistant's reply text */
  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    return this.#run('chat', options, async (signal) => {
      const content = await this.#complete(messages, options, undefined, signal);
      if (content.trim() === '') throw new AiError('llm', 'llm reply was empty', { retryable: true });
      return content;
    });
  }

  /** @returns the reply parsed as JSON and validated against `schema` */
  async structured<T>(messages: ChatMessage[], schema: z.ZodType<T>, schemaName: string, options: ChatOptions = {}): Promise<T> {
    let responseFormat: ChatCompletionCreateParamsNonStreaming['response_format'];
    try {
      responseFormat = zodResponseFormat(schema, schemaName);
    } catch (err) {
      throw new AiError('llm', `schema "${schemaName}" cannot be sent as a JSON schema`, { retryable: false, cause: err });
    }
    return this.#run('structured', options, async (signal) => {
      const content = await this.#complete(messages, options, responseFormat, signal);
      let json: unknown;
      try {
        json = JSON.parse(stripCodeFence(content));
      } catch {
        // No cause: V8's SyntaxError quotes the reply, which can quote the candidate's answer.
        throw new AiError('llm', `llm reply for "${schemaName}" was not valid JSON`, { retryable: true });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        // Issue paths and codes only, and no cause: issue messages could quote the model's output.
        const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
        throw new AiError('llm', `llm reply for "${schemaName}" did not match the schema (${where})`, { retryable: true });
      }
      return parsed.data;
    });
  }

  #run<T>(operation: string, options: ChatOptions, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withRetry(
      {
        capability: 'llm',
        operation,
        maxRetries: this.#opts.maxRetries,
        attemptTimeoutMs: this.#opts.timeoutMs,
        logger: this.#logger,
        signal: options.signal,
        ...this.#opts.retry,
      },
      ({ signal }) => fn(signal),
    );
  }

  async #complete(
    messages: ChatMessage[],
    options: ChatOptions,
    responseFormat: ChatCompletionCreateParamsNonStreaming['response_format'],
    signal: AbortSignal,
  ): Promise<string> {
    const completion = await this.#client.chat.completions.create(
      {
        model: this.#opts.model,
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.maxOutputTokens !== undefined ? { max_completion_tokens: options.maxOutputTokens } : {}),
        ...(responseFormat ? { response_format: responseFormat } : {}),
      },
      { signal },
    );
    const choice = completion.choices?.[0];
    if (!choice) throw new AiError('llm', 'llm reply had no choices', { retryable: true });
    if (choice.message.refusal) throw new AiError('llm', 'llm refused the request', { retryable: false });
    return choice.message.content ?? '';
  }
}

/** Some local models wrap JSON in a Markdown code fence even when asked for a JSON schema. */
function stripCodeFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return fenced?.[1] ?? content;
}
