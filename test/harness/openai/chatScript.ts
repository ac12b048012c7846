import type { ChatHandler, ChatReply, ChatRequest } from './chatRoute.ts';

/** A chat handler that replies from a queue, in order. */
export interface ChatScript extends ChatHandler {
  /** Replies not yet consumed. */
  readonly remaining: number;
  /** Appends replies. */
  push(...replies: ChatReply[]): void;
}

/**
 * Builds a handler that answers each chat request with the next queued reply. When the queue
 * runs dry the request fails with HTTP 418 and a message saying which request had no reply
 * (also recorded as `error` in the stand-in's call log).
 */
export function chatScript(replies: ChatReply[]): ChatScript {
  const queue = [...replies];
  let served = 0;
  const handler = (request: ChatRequest): ChatReply => {
    const next = queue.shift();
    if (next === undefined) {
      const schema = request.response_format?.json_schema?.name;
      throw new Error(
        `OpenAI stand-in: chat script ran dry: request ${served + 1} (${schema ? `schema "${schema}"` : 'plain chat'}) ` +
          `had no reply queued; the script held ${served} replies`,
      );
    }
    served++;
    return next;
  };
  return Object.defineProperties(handler, {
    remaining: { get: () => queue.length },
    push: { value: (...more: ChatReply[]) => { queue.push(...more); } },
  }) as unknown as ChatScript;
}
