import { checkChatRequest, type ChatQuirks } from './chatRequestRules.ts';
import { chatModelRefusal, type ServerKind } from './serverQuirks.ts';
import type { RouteContext } from './types.ts';

/** The parts of a chat completions request a test usually asserts on. */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_completion_tokens?: number;
  max_tokens?: number;
  response_format?: {
    type: string;
    json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean | null };
  };
  /** The whole body as sent. */
  raw: Record<string, unknown>;
}

/**
 * A scripted fault:
 * - `{ fault: 429 | 500 | 401 | ... , retryAfterS? }` an HTTP error (with Retry-After when given)
 * - `{ fault: 'delay', ms, then? }` wait `ms` (meant to outlive the client's timeout), then reply
 * - `{ fault: 'malformed' }` a 200 whose message content is not valid JSON
 * - `{ fault: 'disconnect' }` drop the socket without a response
 */
export type ChatFault =
  | { fault: number; retryAfterS?: number }
  | { fault: 'delay'; ms: number; then?: ChatReply }
  | { fault: 'malformed' }
  | { fault: 'disconnect' };

/** Plain text, a JSON value sent as the message content (any object without `fault`), or a fault. */
export type ChatReply = string | ChatFault | Record<string, unknown> | unknown[];

/** Answers one chat request; `index` counts chat requests from 0. */
export type ChatHandler = (request: ChatRequest, index: number) => ChatReply | Promise<ChatReply>;

function isFault(reply: ChatReply): reply is ChatFault {
  return typeof reply === 'object' && reply !== null && !Array.isArray(reply) && 'fault' in reply;
}

/**
 * Handles POST /v1/chat/completions: first refuses what OpenAI refuses (recorded as the call's
 * `refused`) and a model Ollama has not pulled (in `ollama` mode), then asks the current handler. `nextIndex` is taken only for requests that reach
 * the handler, so a refused request does not use up a scripted reply.
 */
export async function chatRoute(
  ctx: RouteContext,
  handler: ChatHandler,
  nextIndex: () => number,
  quirks: ChatQuirks,
  server: { kind: ServerKind; models: readonly string[] },
): Promise<void> {
  const raw = JSON.parse(ctx.rawBody.toString('utf8')) as Record<string, unknown>;
  ctx.call.body = raw;
  const refusal = checkChatRequest(raw, quirks);
  if (refusal) {
    ctx.call.refused = refusal.body.error.message;
    ctx.sendJson(refusal.status, refusal.body);
    return;
  }
  const missing = chatModelRefusal(server.kind, raw.model, server.models);
  if (missing) {
    ctx.call.refused = missing.message;
    ctx.sendJson(missing.status, missing.body);
    return;
  }
  const request = { ...(raw as unknown as ChatRequest), raw };
  if (ctx.latency.chatMs > 0) await ctx.wait(ctx.latency.chatMs);
  let reply: ChatReply;
  try {
    reply = await handler(request, nextIndex());
  } catch (err) {
    // 418 is not retryable, so a broken script fails the test once, with this message.
    ctx.call.error = err instanceof Error ? err.message : String(err);
    ctx.sendJson(418, { error: { message: ctx.call.error, type: 'stand_in_error', code: 'stand_in_error' } });
    return;
  }
  await send(ctx, request.model, reply);
}

async function send(ctx: RouteContext, model: string, reply: ChatReply): Promise<void> {
  if (ctx.gone()) return;
  if (!isFault(reply)) {
    const content = typeof reply === 'string' ? reply : JSON.stringify(reply);
    ctx.sendJson(200, completion(model, content));
    return;
  }
  const f = reply;
  ctx.call.fault = String(f.fault);
  if (typeof f.fault === 'number') {
    const headers: Record<string, string> = 'retryAfterS' in f && f.retryAfterS !== undefined ? { 'retry-after': String(f.retryAfterS) } : {};
    ctx.sendJson(f.fault, { error: { message: `injected HTTP ${f.fault}`, type: 'stand_in_fault', code: `fault_${f.fault}` } }, headers);
  } else if (f.fault === 'delay') {
    await ctx.wait(f.ms);
    await send(ctx, model, f.then ?? 'late reply');
  } else if (f.fault === 'malformed') {
    ctx.sendJson(200, completion(model, '{"score": 7, "feedback": "unterminated'));
  } else {
    ctx.call.finishedAtMs = performance.now();
    ctx.req.socket.destroy();
  }
}

function completion(model: string, content: string): Record<string, unknown> {
  return {
    id: `chatcmpl-standin-${Math.random().toString(36).slice(2, 10)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}
