import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request the stand-in received. Times are `performance.now()` in this process (ms). */
export interface StandInCall {
  method: string;
  /** Path without the query, e.g. '/v1/chat/completions'. */
  path: string;
  /** Parsed JSON body, or multipart fields with the audio replaced by its size. */
  body: unknown;
  /** HTTP status sent; undefined while pending or when the connection was dropped. */
  status: number | undefined;
  /** The fault injected for this call, if any. */
  fault?: string;
  receivedAtMs: number;
  /** When the first byte of the response was written. */
  firstByteAtMs?: number;
  /** When the response was complete (or the socket dropped). */
  finishedAtMs?: number;
  /** A harness-side problem (script ran dry, handler threw, festival missing...). */
  error?: string;
  /** Why the request was refused the way OpenAI refuses it (the 4xx's `error.message`). */
  refused?: string;
}

/** Delays before the first byte of each endpoint's response, in ms. */
export interface StandInLatency {
  chatMs?: number;
  speechMs?: number;
  transcriptionMs?: number;
}

/** What a route needs from the server. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  rawBody: Buffer;
  call: StandInCall;
  latency: Required<StandInLatency>;
  /** Resolves after `ms`, or early when the server closes or the client goes away. */
  wait(ms: number): Promise<void>;
  /** True once the client disconnected or the server is closing. */
  gone(): boolean;
  /** Sends a JSON response and records status and times. */
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
}
