import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { AiError } from '../AiError.ts';
import type { ChatMessage, ChatOptions, LanguageModel } from '../LanguageModel.ts';

/** One scripted reply: a value (validated against the schema) or an error, after an optional delay. */
export type FakeReply = { value: unknown; delayMs?: number } | { error: Error; delayMs?: number };

/** One attempt, as logged. Times are `performance.now()` ms. */
export interface FakeCall {
  kind: 'chat' | 'structured';
  /** The schema name, or 'chat' for plain chat. */
  schemaName: string;
  messages: ChatMessage[];
  options: Omit<ChatOptions, 'signal'>;
  /** 0 for the first attempt of a request, then 1, 2... for the simulated provider retries. */
  attempt: number;
  startedAtMs: number;
  endedAtMs: number | null;
  outcome: 'pending' | 'ok' | 'invalid' | 'error' | 'aborted';
}

/** Handler used when no scripted reply is queued for a schema name. Return the value or throw. */
export type FakeHandler = (call: FakeCall, signal: AbortSignal | undefined) => unknown;

/** Options of {@link FakeLanguageModel}. */
export interface FakeLanguageModelOptions {
  /** Simulated provider retries of retryable failures (default 2, like the real one). */
  maxRetries?: number;
  handler?: FakeHandler;
  /** Delay of every reply without its own delay (default 0). */
  delayMs?: number;
}

/**
 * A scripted {@link LanguageModel} for tests: replies queued per schema name (`script`) or a
 * handler, injected failures (AiError retryable or not), a call log with timings, and the real
 * contract's behaviour: structured output is validated against the schema (invalid output is a
 * retryable failure), retryable failures are retried `maxRetries` times, then an AiError.
 */
export class FakeLanguageModel implements LanguageModel {
  readonly calls: FakeCall[] = [];
  readonly #queues = new Map<string, FakeReply[]>();
  readonly #maxRetries: number;
  readonly #delayMs: number;
  #handler: FakeHandler | undefined;

  constructor(opts: FakeLanguageModelOptions = {}) {
    this.#maxRetries = opts.maxRetries ?? 2;
    this.#delayMs = opts.delayMs ?? 0;
    this.#handler = opts.handler;
  }

  /** A retryable (429/5xx/timeout-like) or permanent failure to put in a script. */
  static failure(retryable: boolean, delayMs?: number): FakeReply {
    return { error: new AiError('llm', retryable ? 'fake: rate limited' : 'fake: bad request', { retryable, status: retryable ? 429 : 400 }), delayMs };
  }

  /** Queues replies for `schemaName` ('chat' for plain chat); each attempt consumes one. */
  script(schemaName: string, ...replies: FakeReply[]): this {
    const q = this.#queues.get(schemaName) ?? [];
    q.push(...replies);
    this.#queues.set(schemaName, q);
    return this;
  }

  /** Replaces the fallback handler. */
  setHandler(handler: FakeHandler | undefined): this {
    this.#handler = handler;
    return this;
  }

  /** Scripted replies not consumed yet for `schemaName`. */
  remaining(schemaName: string): number {
    return this.#queues.get(schemaName)?.length ?? 0;
  }

  /** Logged attempts for `schemaName`. */
  callsFor(schemaName: string): FakeCall[] {
    return this.calls.filter((c) => c.schemaName === schemaName);
  }

  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    const out = await this.#request<string>('chat', 'chat', messages, options, (v) => (typeof v === 'string' ? { ok: true as const, value: v } : { ok: false as const }));
    return out;
  }

  async structured<T>(messages: ChatMessage[], schema: z.ZodType<T>, schemaName: string, options: ChatOptions = {}): Promise<T> {
    return this.#request<T>('structured', schemaName, messages, options, (v) => {
      const r = schema.safeParse(v);
      return r.success ? { ok: true as const, value: r.data } : { ok: false as const };
    });
  }

  async #request<T>(
    kind: FakeCall['kind'],
    schemaName: string,
    messages: ChatMessage[],
    options: ChatOptions,
    validate: (v: unknown) => { ok: true; value: T } | { ok: false },
  ): Promise<T> {
    const { signal, ...rest } = options;
    for (let attempt = 0; ; attempt++) {
      const call: FakeCall = { kind, schemaName, messages, options: rest, attempt, startedAtMs: performance.now(), endedAtMs: null, outcome: 'pending' };
      this.calls.push(call);
      let error: Error;
      try {
        const reply = await this.#reply(call, signal);
        const checked = validate(reply);
        if (checked.ok) {
          call.outcome = 'ok';
          return checked.value;
        }
        call.outcome = 'invalid';
        error = new AiError('llm', `fake: output does not match ${schemaName}`, { retryable: true });
      } catch (err) {
        if (signal?.aborted) {
          call.outcome = 'aborted';
          // Like the real provider (withRetry): the caller's own reason, not timers/promises' AbortError.
          throw signal.reason;
        }
        call.outcome = 'error';
        error = err instanceof Error ? err : new Error(String(err));
      } finally {
        call.endedAtMs = performance.now();
      }
      const retryable = error instanceof AiError && error.retryable;
      if (!retryable || attempt >= this.#maxRetries) throw error;
    }
  }

  async #reply(call: FakeCall, signal: AbortSignal | undefined): Promise<unknown> {
    const scripted = this.#queues.get(call.schemaName)?.shift();
    if (scripted) {
      await sleep(scripted.delayMs ?? this.#delayMs, undefined, { signal });
      if ('error' in scripted) throw scripted.error;
      return scripted.value;
    }
    if (this.#handler) {
      await sleep(this.#delayMs, undefined, { signal });
      return await this.#handler(call, signal);
    }
    throw new AiError('llm', `fake: no scripted reply for ${call.schemaName}`, { retryable: false });
  }
}
