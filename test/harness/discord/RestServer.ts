import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GlobalRateLimit } from './GlobalRateLimit.ts';
import type { AttachmentRecord, UploadedFile } from './MessageLog.ts';
import type { Json } from './payloads.ts';

export interface RestRequest {
  method: string;
  /** Path below /api/v10, e.g. /channels/123/messages. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json | null;
  files: UploadedFile[];
}

export interface RestResponse {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
}

export interface Route {
  method: string;
  /** Segments with :params, e.g. /channels/:channelId/messages. */
  pattern: string;
  /** false for interaction callbacks and webhooks (they authenticate by token in the path). */
  auth: boolean;
  handler: (req: RestRequest) => RestResponse | Promise<RestResponse>;
}

/** One REST call the bot made, for assertions (attachment downloads from /attachments/... included). */
export interface RestCall {
  method: string;
  path: string;
  /** The matched route pattern, or null when no route matched (answered 404). */
  route: string | null;
  query: Record<string, string>;
  body: Json | null;
  files: UploadedFile[];
  status: number;
  atMs: number;
}

/** A fault the next matching calls receive instead of their normal answer. */
export interface RestFault {
  method?: string;
  path: RegExp;
  status: 429 | 500 | 502 | 503;
  /** How many calls get the fault (default 1). */
  times?: number;
  /** For 429: the Retry-After in milliseconds (default 500). */
  retryAfterMs?: number;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<{ body: Json | null; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: null, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: Json | null = null;
    const files: UploadedFile[] = [];
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json' && typeof value === 'string') body = JSON.parse(value) as Json;
      else if (typeof value !== 'string') {
        const index = /^files\[(\d+)\]$/.exec(name)?.[1] ?? name;
        files.push({ index, filename: value.name, contentType: value.type || 'application/octet-stream', bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as Json, files: [] };
}

type Answer = RestResponse & { retryAfterMs?: number; global?: boolean };

/**
 * Discord's REST API on loopback: routes under /api/v10, files served under /attachments,
 * rate-limit headers, the global rate limit (see {@link GlobalRateLimit}), token checks, 404
 * JSON for unknown routes; every call is recorded.
 */
export class RestServer {
  readonly server: Server;
  readonly calls: RestCall[] = [];
  readonly #routes: Route[];
  readonly #token: string;
  readonly #attachments: Map<string, AttachmentRecord>;
  readonly #onCall: () => void;
  readonly #faults: (RestFault & { left: number })[] = [];
  /** The bot's global request budget (Discord: 50 per second). */
  readonly globalLimit: GlobalRateLimit;

  constructor(opts: { routes: Route[]; token: string; attachments: Map<string, AttachmentRecord>; onCall: () => void; globalRequestsPerSecond?: number }) {
    this.globalLimit = new GlobalRateLimit(opts.globalRequestsPerSecond ?? 50);
    this.#routes = opts.routes;
    this.#token = opts.token;
    this.#attachments = opts.attachments;
    this.#onCall = opts.onCall;
    this.server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.#send(res, 500, { message: `local Discord error: ${String(error)}`, code: 0 });
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  addFault(fault: RestFault): void {
    this.#faults.push({ ...fault, left: fault.times ?? 1 });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const file = this.#attachments.get(url.pathname.split('/')[2] ?? '');
      const call: RestCall = {
        method: 'GET', path: url.pathname, route: file ? '/attachments/:id/:filename' : null, query: {}, body: null, files: [],
        status: file ? 200 : 404, atMs: Date.now(),
      };
      this.calls.push(call);
      this.#onCall();
      if (!file) return this.#send(res, 404, { message: 'Not Found' });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    const { body, files } = await readBody(req);
    const call: RestCall = { method, path, route: null, query: Object.fromEntries(url.searchParams), body, files, status: 0, atMs: Date.now() };
    this.calls.push(call);
    const answer = await this.#answer(req, call, url.searchParams);
    call.status = answer.status;
    this.#onCall();
    this.#send(res, answer.status, answer.body, call.route ?? path, answer);
  }

  async #answer(req: IncomingMessage, call: RestCall, query: URLSearchParams): Promise<Answer> {
    for (const route of this.#routes) {
      if (route.method !== call.method) continue;
      const params = match(route.pattern, call.path);
      if (!params) continue;
      call.route = route.pattern;
      const fault = this.#faults.find((f) => f.left > 0 && (!f.method || f.method === call.method) && f.path.test(call.path));
      if (fault) {
        fault.left--;
        const retryAfterMs = fault.retryAfterMs ?? 500;
        return fault.status === 429
          ? { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global: false }, retryAfterMs }
          : { status: fault.status, body: { message: 'Internal Server Error', code: 0 } };
      }
      if (route.auth && req.headers.authorization !== `Bot ${this.#token}`) {
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      }
      const globalWaitMs = this.globalLimit.take(call.path);
      if (globalWaitMs !== null) {
        return { status: 429, body: { message: 'You are being rate limited.', retry_after: globalWaitMs / 1000, global: true, code: 0 }, retryAfterMs: globalWaitMs, global: true };
      }
      return route.handler({ method: call.method, path: call.path, params, query, body: call.body, files: call.files });
    }
    return { status: 404, body: { message: '404: Not Found (local Discord has no such route)', code: 0 } };
  }

  #send(res: ServerResponse, status: number, body: unknown, bucket = 'none', limited: Pick<Answer, 'retryAfterMs' | 'global'> = {}): void {
    const { retryAfterMs } = limited;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49', 'x-ratelimit-reset-after': '1',
      'x-ratelimit-reset': String(Date.now() / 1000 + 1), 'x-ratelimit-bucket': Buffer.from(bucket).toString('base64url').slice(0, 32),
    };
    if (retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset-after'] = String(retryAfterMs / 1000);
      headers['x-ratelimit-scope'] = limited.global ? 'global' : 'user';
      if (limited.global) headers['x-ratelimit-global'] = 'true';
    }
    if (status === 204 || body === undefined) {
      res.writeHead(status === 200 ? 204 : status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}
