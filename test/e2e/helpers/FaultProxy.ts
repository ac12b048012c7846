import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a matching request gets instead of (or on top of) the upstream answer. */
export type ProxyFault =
  /** Answered at once with this status and an OpenAI-style error body; upstream never sees it. */
  | { status: number }
  /** Forwarded; the response is held back `delayMs` before its headers, then (when given) cut after `cutAfterBytes` body bytes (socket destroyed). */
  | { delayMs?: number; cutAfterBytes?: number };

/** One armed rule: requests to `path` whose raw body contains `bodyIncludes` (any body when unset). */
export interface ProxyRule {
  path: string;
  bodyIncludes?: string;
  fault: ProxyFault;
  /** How many requests it applies to (default unlimited, until {@link FaultProxy.clear}). */
  times?: number;
}

/**
 * An HTTP proxy in front of the OpenAI stand-in that injects faults into chosen requests only,
 * e.g. the speech of one interview (its question text is in the body) while another interview
 * runs beside it untouched. The bot process gets `baseUrl` as OPENAI_BASE_URL.
 */
export class FaultProxy {
  readonly baseUrl: string;
  /** How many requests each rule hit, by rule (live). */
  readonly hits = new Map<ProxyRule, number>();
  readonly #rules: ProxyRule[] = [];
  readonly #server: ReturnType<typeof createServer>;
  readonly #sockets = new Set<Socket>();

  private constructor(server: ReturnType<typeof createServer>, baseUrl: string) {
    this.#server = server;
    this.baseUrl = baseUrl;
  }

  /** Starts a proxy on 127.0.0.1 forwarding to `upstreamBaseUrl` (…/v1). */
  static async start(upstreamBaseUrl: string): Promise<FaultProxy> {
    const upstream = new URL(upstreamBaseUrl);
    let proxy: FaultProxy | null = null;
    const server = createServer((req, res) => {
      void proxy?.handle(req, res, upstream).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}${upstream.pathname}`);
    const sockets = proxy.#sockets;
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return proxy;
  }

  /** Arms a rule (checked in the order armed); returns it, for {@link FaultProxy.hits} and {@link FaultProxy.remove}. */
  add(rule: ProxyRule): ProxyRule {
    this.#rules.push(rule);
    this.hits.set(rule, 0);
    return rule;
  }

  /** Disarms one rule. */
  remove(rule: ProxyRule): void {
    const i = this.#rules.indexOf(rule);
    if (i >= 0) this.#rules.splice(i, 1);
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async handle(req: IncomingMessage, res: ServerResponse, upstream: URL): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0];
    const rule = this.#rules.find((r) => r.path === path && (r.bodyIncludes === undefined || body.includes(r.bodyIncludes)));
    if (rule) {
      const hits = (this.hits.get(rule) ?? 0) + 1;
      this.hits.set(rule, hits);
      if (rule.times !== undefined && hits >= rule.times) this.remove(rule);
    }
    const fault = rule?.fault;
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `injected HTTP ${fault.status}`, type: 'server_error', code: null } }));
      return;
    }
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const up = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (upRes) => {
      const forward = (): void => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        let sent = 0;
        const cutAt = fault?.cutAfterBytes;
        upRes.on('data', (chunk: Buffer) => {
          if (cutAt !== undefined && sent + chunk.length > cutAt) {
            upRes.destroy();
            // Headers and the first bytes reach the client, then the connection dies mid-body.
            res.write(chunk.subarray(0, Math.max(1, cutAt - sent)), () => setTimeout(() => res.destroy(), 50));
            return;
          }
          sent += chunk.length;
          res.write(chunk);
        });
        upRes.on('end', () => res.end());
        upRes.on('error', () => res.destroy());
      };
      if (fault?.delayMs) setTimeout(forward, fault.delayMs);
      else forward();
    });
    up.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(body);
  }
}
