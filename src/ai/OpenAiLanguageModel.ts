import { APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { AiError } from './AiError.ts';
import type { ChatMessage, ChatOptions, LanguageModel } from './LanguageModel.ts';
import { modelFacingResponseFormat, type ModelFacingFormat } from './modelFacingResponseFormat.ts';
import { OpenAiProvider } from './OpenAiProvider.ts';
import type { OpenAiProviderOptions } from './OpenAiProviderOptions.ts';

type ResponseFormat = ChatCompletionCreateParamsNonStreaming['response_format'];

/**
 * Chat and structured output through any OpenAI-compatible chat completions endpoint (OpenAI,
 * Ollama, vLLM...). Each attempt is limited to `timeoutMs`; retryable failures, including
 * replies that are not valid JSON or do not match the schema, are retried `maxRetries` times.
 *
 * Structured output is asked for as a strict `json_schema` whose bounds are left out (strict
 * mode refuses them; {@link modelFacingResponseFormat}) and checked on the parsed reply. A
 * server that refuses `json_schema` itself (a 400 naming `response_format`, as some
 * OpenAI-compatible servers answer) is asked once more with `json_object` and the schema in
 * the prompt, and from then on this provider uses `json_object` for every call.
 */
export class OpenAiLanguageModel extends OpenAiProvider implements LanguageModel {
  #jsonMode: 'json_schema' | 'json_object' = 'json_schema';

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
    let format: ModelFacingFormat;
    try {
      format = modelFacingResponseFormat(schema, schemaName);
    } catch (err) {
      throw new AiError('llm', `schema "${schemaName}" cannot be sent as a JSON schema`, { retryable: false, cause: err });
    }
    return this.retrying('structured', options.signal, async ({ signal }) => {
      const content = await this.#completeJson(messages, options, format, signal);
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

  /** One structured request in the current JSON mode, falling back to `json_object` once if refused. */
  async #completeJson(messages: ChatMessage[], options: ChatOptions, format: ModelFacingFormat, signal: AbortSignal): Promise<string> {
    if (this.#jsonMode === 'json_schema') {
      try {
        return await this.#complete(messages, options, format.responseFormat, signal);
      } catch (err) {
        if (!refusesJsonSchema(err)) throw err;
        this.#jsonMode = 'json_object';
        // Code and param only: a server's message may echo the request.
        this.logger.warn({ status: 400, code: (err as APIError).code ?? null, param: (err as APIError).param ?? null }, 'server refused json_schema; using json_object with the schema in the prompt from now on');
      }
    }
    const instruction: ChatMessage = {
      role: 'system',
      content: `Reply with one JSON object and nothing else. It must match this JSON Schema:\n${JSON.stringify(format.schema)}`,
    };
    return this.#complete([...messages, instruction], options, { type: 'json_object' }, signal);
  }

  async #complete(messages: ChatMessage[], options: ChatOptions, responseFormat: ResponseFormat, signal: AbortSignal): Promise<string> {
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

/** A 400 that is about `response_format` (the server does not take `json_schema`, or not this schema). */
function refusesJsonSchema(err: unknown): boolean {
  if (!(err instanceof APIError) || err.status !== 400) return false;
  if (err.param === 'response_format' || (typeof err.param === 'string' && err.param.startsWith('response_format'))) return true;
  return /response_format|json_schema/i.test(err.message);
}

/** Some local models wrap JSON in a Markdown code fence even when asked for a JSON schema. */
function stripCodeFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return fenced?.[1] ?? content;
}
