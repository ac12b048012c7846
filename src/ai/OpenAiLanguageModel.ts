import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { AiError } from './AiError.ts';
import type { ChatMessage, ChatOptions, LanguageModel } from './LanguageModel.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';

/**
 * Chat and structured output through any OpenAI-compatible chat completions endpoint (OpenAI,
 * Ollama, vLLM...). Each attempt is limited to `timeoutMs`; retryable failures, including
 * replies that are not valid JSON or do not match the schema, are retried `maxRetries` times.
 */
export class OpenAiLanguageModel extends OpenAiProvider implements LanguageModel {
  constructor(opts: OpenAiProviderOptions) {
    super('llm', opts);
  }

  /** @returns the assistant's reply text */
  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    return this.retrying('chat', options.signal, async ({ signal }) => {
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
    return this.retrying('structured', options.signal, async ({ signal }) => {
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

  async #complete(
    messages: ChatMessage[],
    options: ChatOptions,
    responseFormat: ChatCompletionCreateParamsNonStreaming['response_format'],
    signal: AbortSignal,
  ): Promise<string> {
    const completion = await this.client.chat.completions.create(
      {
        model: this.opts.model,
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
