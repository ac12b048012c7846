import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapabilityHealthReport } from '../ai/CapabilityHealth.ts';
import type { Logger } from '../logger.ts';
import type { InterviewVoiceHealth } from './live/daveHealth.ts';
import type { RuntimeReport } from './RuntimeStats.ts';

export type { InterviewVoiceHealth };

/** What `/health` reports. `ok` decides 200 vs 503. */
export interface HealthReport {
  status: 'ok' | 'starting' | 'degraded' | 'stopping';
  discord: boolean;
  db: boolean;
  activeInterviews: number;
  /** Per running interview: DAVE protocol version and decrypt-failure counts. */
  interviews?: InterviewVoiceHealth[];
  /** Per AI capability: last success and last failure (time and error kind, never content). */
  ai?: CapabilityHealthReport;
  /** Event-loop delay, CPU and memory of this process (see RuntimeStats); `?window_s=N` picks the period (default 60). */
  runtime?: RuntimeReport;
}

/** Where the runtime figures come from (`RuntimeStats`). */
export interface RuntimeSource {
  report(periodMs: number): RuntimeReport;
}

/** The longest period `?window_s=` may ask for, and the default. */
const MAX_RUNTIME_WINDOW_S = 600;
const DEFAULT_RUNTIME_WINDOW_S = 60;

/** Where the AI capabilities' last outcomes come from (`createAiProviders(...).health`). */
export interface AiHealthSource {
  report(): CapabilityHealthReport;
}

/**
 * `GET /health` → 200 `{status:'ok', discord, db, activeInterviews, interviews, ai}` when the gateway is ready
 * and the store answers; 503 with the same shape otherwise. `ai` (when an `aiHealth` source is
 * given) reports each capability's last success and failure; it does not change the status, as
 * one failed call says little about the next. Everything else is 404. Binds to loopback by
 * default (HEALTH_HOST).
 */
export class HealthServer {
  readonly #server: Server;
  readonly #report: () => Promise<HealthReport>;
  readonly #logger: Logger;

  private constructor(server: Server, report: () => Promise<HealthReport>, logger: Logger) {
    this.#server = server;
    this.#report = report;
    this.#logger = logger;
  }

  /** Listens on host:port (port 0 picks a free one: see {@link HealthServer.port}). */
  static async start(opts: { host: string; port: number; report: () => Promise<HealthReport>; logger: Logger; aiHealth?: AiHealthSource; runtime?: RuntimeSource }): Promise<HealthServer> {
    const server = createServer();
    const { aiHealth } = opts;
    const report = aiHealth ? async (): Promise<HealthReport> => ({ ...(await opts.report()), ai: aiHealth.report() }) : opts.report;
    const health = new HealthServer(server, report, opts.logger);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://health');
      if (req.method !== 'GET' || url.pathname !== '/health') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const runtime = opts.runtime;
      const windowS = Number(url.searchParams.get('window_s') ?? DEFAULT_RUNTIME_WINDOW_S);
      const periodMs = (Number.isFinite(windowS) && windowS > 0 ? Math.min(windowS, MAX_RUNTIME_WINDOW_S) : DEFAULT_RUNTIME_WINDOW_S) * 1000;
      health.#report().then((r) => (runtime ? { ...r, runtime: runtime.report(periodMs) } : r)).then(
        (r) => res.writeHead(r.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(r)),
        (err: unknown) => {
          health.#logger.error({ err }, 'health report failed');
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"degraded"}');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return health;
  }

  /** The port actually bound. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
