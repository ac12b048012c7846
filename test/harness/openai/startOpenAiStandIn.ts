import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChatQuirks } from './chatRequestRules.ts';
import { chatRoute, type ChatHandler } from './chatRoute.ts';
import { DEFAULT_MODELS, modelsBody, type ServerKind } from './serverQuirks.ts';
import { SpeechFaults, type SpeechFault } from './speechFaults.ts';
import { speechRoute, type SpeechRouteOptions } from './speechRoute.ts';
import { transcriptionRoute } from './transcriptionRoute.ts';
import type { RouteContext, StandInCall, StandInLatency } from './types.ts';

export type { StandInCall, StandInLatency } from './types.ts';
export type { ChatFault, ChatHandler, ChatReply, ChatRequest } from './chatRoute.ts';
export type { ChatQuirks } from './chatRequestRules.ts';
export type { SpeechFault } from './speechFaults.ts';
export type { ServerKind } from './serverQuirks.ts';
export { validateStrictJsonSchema } from './strictJsonSchema.ts';

/** Options of {@link startOpenAiStandIn}. */
export interface OpenAiStandInOptions extends SpeechRouteOptions {
  /** Initial chat handler; without one, chat requests fail with a message saying so. */
  chat?: ChatHandler;
  latency?: StandInLatency;
  /** Behave like an OpenAI-compatible server that differs from OpenAI (default: none). */
  chatQuirks?: ChatQuirks;
  /** Which server to behave like (default 'openai'; see {@link ServerKind} for what changes). */
  server?: ServerKind;
  /** What GET /v1/models lists (and, for ollama and speaches, the only models they accept); default per server. */
  models?: readonly string[];
  /** Refuse transcriptions that carry a `prompt` (422), as some servers do. */
  refuseTranscriptionPrompt?: boolean;
  /**
   * Transcribe with a language model of these sentences only (test/harness/speech/sphinxVocabulary.ts):
   * pocketsphinx then answers within a few hundred ms on these machines instead of ~1 s, so a
   * benchmark's STT latency is the one it sets. Default: the full English model.
   */
  transcriptionCorpus?: readonly string[];
  /** With `transcriptionCorpus`: a recognised corpus sentence comes back with its punctuation (see setTranscriptionPunctuation). */
  transcriptionPunctuation?: boolean;
  /**
   * Canned mode: every accepted transcription returns this text at once, without pocketsphinx
   * (pair with `cannedSpeechWav` and a chat handler returning fixed replies, latency 0): the
   * stand-in then costs next to nothing and a load bench measures the bot.
   */
  cannedTranscript?: string;
}

/** A running stand-in. */
export interface OpenAiStandIn {
  /** `http://127.0.0.1:PORT/v1`: give it to the SDK as baseURL. */
  baseUrl: string;
  /** Every request received, in order (live array). */
  calls: StandInCall[];
  /** Calls to one path, e.g. callsTo('/v1/chat/completions'). */
  callsTo(path: string): StandInCall[];
  setChatHandler(handler: ChatHandler): void;
  /**
   * Makes the next `times` requests to `path` (e.g. '/v1/audio/speech') fail with HTTP
   * `status` (and Retry-After when given) before the route runs. Works for every endpoint.
   */
  failNext(path: string, fault: { status: number; retryAfterS?: number }, times?: number): void;
  /**
   * Makes the next `times` speech responses fail after they started: `mid_body` sends the 200
   * and part of the audio, then destroys the socket; `after_body` sends the whole response,
   * then resets the connection of the next speech request before it gets any response.
   */
  failSpeechNext(fault: SpeechFault, times?: number): void;
  /** Replaces the chat quirks (see {@link ChatQuirks}). */
  setChatQuirks(quirks: ChatQuirks): void;
  /** Replaces the injected latencies (unset ones become 0). */
  setLatency(latency: StandInLatency): void;
  /** Turns the corpus punctuation of transcripts on or off (see OpenAiStandInOptions.transcriptionPunctuation). */
  setTranscriptionPunctuation(on: boolean): void;
  /** Stops the server, ending pending replies and open connections. */
  close(): Promise<void>;
}

const noHandler: ChatHandler = () => {
  throw new Error('OpenAI stand-in: no chat handler set (pass { chat } or call setChatHandler)');
};

/**
 * Starts a local OpenAI-compatible server on 127.0.0.1 (random port) for the real openai SDK:
 * POST /v1/chat/completions (scripted per test, with faults), /v1/audio/speech (festival, or a
 * canned clip), /v1/audio/transcriptions (pocketsphinx, or a canned text) and GET /v1/models. `server` switches on the
 * differences of Ollama, speaches or Kokoro-FastAPI. Each route first refuses what OpenAI refuses, with
 * OpenAI's status and error body (recorded as the call's `refused`): strict schemas outside the
 * supported subset, JSON mode without "json" in the messages, unknown voices, over-long input,
 * uploads over 25 MB or of an unaccepted format... Anything else is a 404 recorded in `calls`.
 */
export async function startOpenAiStandIn(opts: OpenAiStandInOptions = {}): Promise<OpenAiStandIn> {
  let chatHandler = opts.chat ?? noHandler;
  let chatIndex = 0;
  let chatQuirks: ChatQuirks = opts.chatQuirks ?? {};
  const kind: ServerKind = opts.server ?? 'openai';
  const models = opts.models ?? DEFAULT_MODELS[kind];
  const speechFaults = new SpeechFaults();
  let latency: Required<StandInLatency> = normalise(opts.latency ?? {});
  let punctuation = opts.transcriptionPunctuation ?? false;
  let closing = false;
  const closeController = new AbortController();
  const calls: StandInCall[] = [];
  const sockets = new Set<Socket>();
  const pending = new Set<Promise<void>>();
  const failures: Array<{ path: string; status: number; retryAfterS?: number }> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const call: StandInCall = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', body: undefined, status: undefined, receivedAtMs: performance.now() };
    calls.push(call);
    const rawBody = await readBody(req);
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
      call.finishedAtMs ??= performance.now();
    });
    const ctx: RouteContext = {
      req, res, rawBody, call, latency,
      gone: () => clientGone || closing,
      wait: (ms) => (clientGone || closing ? Promise.resolve() : wait(ms, closeController.signal, res)),
      sendJson: (status, body, headers = {}) => {
        if (clientGone || res.headersSent) return;
        call.status = status;
        call.firstByteAtMs = performance.now();
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body), () => { call.finishedAtMs = performance.now(); });
      },
    };
    const failure = failures.findIndex((f) => f.path === call.path);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      call.fault = String(f!.status);
      const headers: Record<string, string> = f!.retryAfterS !== undefined ? { 'retry-after': String(f!.retryAfterS) } : {};
      ctx.sendJson(f!.status, { error: { message: `injected HTTP ${f!.status}`, type: 'stand_in_fault', code: `fault_${f!.status}` } }, headers);
      return;
    }
    try {
      if (req.method === 'POST' && call.path === '/v1/chat/completions') await chatRoute(ctx, chatHandler, () => chatIndex++, chatQuirks, { kind, models });
      else if (req.method === 'POST' && call.path === '/v1/audio/speech') await speechRoute(ctx, opts, speechFaults, kind);
      else if (req.method === 'POST' && call.path === '/v1/audio/transcriptions') {
        await transcriptionRoute(ctx, {
          kind, models, refusePrompt: opts.refuseTranscriptionPrompt ?? false,
          ...(opts.transcriptionCorpus ? { corpus: opts.transcriptionCorpus, punctuate: () => punctuation } : {}),
          ...(opts.cannedTranscript !== undefined ? { cannedTranscript: opts.cannedTranscript } : {}),
        });
      }
      else if (req.method === 'GET' && call.path === '/v1/models') ctx.sendJson(200, modelsBody(kind, models));
      else ctx.sendJson(404, { error: { message: `stand-in has no route ${req.method} ${call.path}`, type: 'invalid_request_error', code: 'not_found' } });
    } catch (err) {
      call.error = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) ctx.sendJson(500, { error: { message: `stand-in failed: ${call.error}`, type: 'stand_in_error', code: 'stand_in_error' } });
      else res.destroy();
    }
  };

  const server = createServer((req, res) => {
    const p = handle(req, res).finally(() => pending.delete(p));
    pending.add(p);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    setChatHandler: (handler) => { chatHandler = handler; },
    failNext: (path, fault, times = 1) => {
      for (let i = 0; i < times; i++) failures.push({ path, ...fault });
    },
    failSpeechNext: (fault, times = 1) => speechFaults.add(fault, times),
    setChatQuirks: (quirks) => { chatQuirks = quirks; },
    setLatency: (next) => { latency = normalise(next); },
    setTranscriptionPunctuation: (on) => { punctuation = on; },
    close: async () => {
      if (closing) return;
      closing = true;
      closeController.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([...pending]);
      await closed;
    },
  };
}

function normalise(l: StandInLatency): Required<StandInLatency> {
  return { chatMs: l.chatMs ?? 0, speechMs: l.speechMs ?? 0, transcriptionMs: l.transcriptionMs ?? 0 };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves after `ms`, or early when the server closes or the response is closed. */
function wait(ms: number, closing: AbortSignal, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      closing.removeEventListener('abort', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    closing.addEventListener('abort', done, { once: true });
    res.once('close', done);
  });
}
