import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { migrate } from '../../../src/db/migrate.ts';
import { PgliteClient } from '../../../src/db/PgliteClient.ts';
import type { SqlClient } from '../../../src/db/SqlClient.ts';
import { translateRead, UnsupportedRequest } from './postgrestQuery.ts';

/** One request as the stand-in received it, for assertions. */
export interface StandInRequest {
  method: string;
  /** Path without the query, e.g. `/rest/v1/interviews` or `/rest/v1/rpc/save_answer`. */
  path: string;
  query: URLSearchParams;
  headers: { apikey?: string; authorization?: string; prefer?: string; accept?: string; contentType?: string };
  body: unknown;
  status: number;
  /** What the stand-in answered (before JSON encoding). */
  responseBody: unknown;
}

export interface SupabaseStandIn {
  /** Give this to supabase-js as the project URL. */
  url: string;
  requests: StandInRequest[];
  /** The database behind it (PGlite, migrated unless `migrate: false`). */
  db: SqlClient;
  /** Delays every answer by this long (0 to stop), to test timeouts. */
  setLatency(ms: number): void;
  /**
   * The database goes away (a Supabase restart) for `ms` (until {@link up} without it):
   * `'unavailable'` answers every request as PostgREST does when PostgreSQL is down (503,
   * PGRST000); `'reset'` destroys each connection without an answer (a restarting gateway).
   */
  down(ms?: number, mode?: 'unavailable' | 'reset'): void;
  /** The database is back. */
  up(): void;
  /** Requests refused or reset while down, so far. */
  readonly refusedCount: number;
  close(): Promise<void>;
}

export interface SupabaseStandInOptions {
  /** The only key accepted, as `apikey` and as `Authorization: Bearer`. */
  serviceRoleKey: string;
  /** Apply sql/ migrations to the database (default true); false simulates a forgotten setup. */
  migrate?: boolean;
  /** Tables readable through `/rest/v1/<table>`. */
  tables?: string[];
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
const error = (status: number, code: string, message: string, details: string | null = null): Reply => ({
  status,
  body: { code, message, details, hint: null },
});

/** PostgREST writes timestamps like `2026-11-24T05:01:00+00:00`; mimic that. */
function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

function databaseError(err: unknown): Reply {
  const e = err as { code?: string; message?: string; detail?: string };
  const code = e.code ?? 'XX000';
  const status = code === '23505' ? 409 : code === '42883' ? 404 : code === '42501' ? 403 : 400;
  return error(status, code, e.message ?? String(err), e.detail ?? null);
}

/**
 * A local stand-in for a Supabase project's PostgREST API (`/rest/v1`), backed by PGlite with the
 * same migrations. It understands only what SupabaseStore sends (see postgrestQuery.ts,
 * `POST /rest/v1/rpc/<fn>` with a JSON object of named arguments, `GET /rest/v1/rpc/<fn>?arg=…`
 * run read-only like PostgREST does); everything else is a 400,
 * a missing or wrong service key a 401.
 */
export async function startSupabaseStandIn(opts: SupabaseStandInOptions): Promise<SupabaseStandIn> {
  const db = await PgliteClient.open();
  if (opts.migrate !== false) await migrate(db);
  const tables = new Set(opts.tables ?? ['interviews', 'questions', 'guild_settings', 'interview_starts']);
  const requests: StandInRequest[] = [];
  let latencyMs = 0;
  let outage: { untilMs: number; mode: 'unavailable' | 'reset' } | null = null;
  let refusedCount = 0;
  const isDown = (): boolean => outage !== null && Date.now() < outage.untilMs;

  async function columnsOf(table: string): Promise<Set<string>> {
    const rows = await db.query<{ column_name: string }>(
      'select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1',
      [table],
    );
    return new Set(rows.map((r) => r.column_name));
  }

  async function read(table: string, query: URLSearchParams, prefer: string): Promise<Reply> {
    if (!tables.has(table)) return error(404, 'PGRST205', `Could not find the table 'public.${table}' in the schema cache`);
    const columns = await columnsOf(table);
    if (columns.size === 0) return error(404, 'PGRST205', `Could not find the table 'public.${table}' in the schema cache`);
    const q = translateRead(table, query, columns);
    const rows = toJson(await db.query(q.rowsSql, q.params)) as unknown[];
    const wantsCount = /(^|,)\s*count=exact\s*(,|$)/.test(prefer);
    if (/count=(planned|estimated)/.test(prefer)) throw new UnsupportedRequest('only count=exact is supported');
    let total = '*';
    if (wantsCount) {
      total = String((await db.query<{ total: number }>(q.countSql, q.params))[0]?.total ?? 0);
      if (q.offset > 0 && q.offset >= Number(total)) {
        const reply = error(416, 'PGRST103', 'Requested range not satisfiable', `An offset of ${q.offset} was requested, but there are only ${total} rows.`);
        return { ...reply, headers: { 'content-range': `*/${total}` } };
      }
    }
    const range = rows.length > 0 ? `${q.offset}-${q.offset + rows.length - 1}` : '*';
    return { status: 200, body: rows, headers: { 'content-range': `${range}/${total}` } };
  }

  /** `readOnly`: a GET call, which PostgREST runs in a read-only transaction (a function that writes fails). */
  async function call(fn: string, body: unknown, readOnly = false): Promise<Reply> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return error(400, 'PGRST102', 'rpc body must be a JSON object');
    const proc = await db.query<{ retset: boolean; typtype: string; argnames: string[] | null }>(
      `select p.proretset as retset, t.typtype::text as typtype, p.proargnames as argnames
         from pg_proc p join pg_type t on t.oid = p.prorettype
        where p.proname = $1 and p.pronamespace = current_schema()::regnamespace`,
      [fn],
    );
    const sig = proc[0];
    const names = Object.keys(body);
    if (!sig || !/^[a-z_][a-z0-9_]*$/.test(fn) || names.some((n) => !(sig.argnames ?? []).includes(n))) {
      return error(404, 'PGRST202', `Could not find the function public.${fn}(${names.join(', ')}) in the schema cache`);
    }
    const values = names.map((n) => {
      const v = (body as Record<string, unknown>)[n];
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    });
    const args = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
    return db.transaction(async (tx) => {
      if (readOnly) await tx.exec('set transaction read only');
      if (sig.retset || sig.typtype === 'c') {
        const rows = toJson(await tx.query(`select * from ${fn}(${args})`, values)) as unknown[];
        return { status: 200, body: sig.retset ? rows : (rows[0] ?? null) };
      }
      const rows = await tx.query<{ v: unknown }>(`select ${fn}(${args}) as v`, values);
      return { status: 200, body: toJson(rows[0]?.v ?? null) };
    });
  }

  async function route(req: IncomingMessage, url: URL, body: unknown): Promise<Reply> {
    if (req.headers.apikey !== opts.serviceRoleKey || req.headers.authorization !== `Bearer ${opts.serviceRoleKey}`) {
      return { status: 401, body: { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' } };
    }
    const accept = req.headers.accept ?? '';
    if (accept.includes('vnd.pgrst') || accept.includes('text/csv')) throw new UnsupportedRequest(`unsupported Accept "${accept}"`);
    for (const h of ['accept-profile', 'content-profile']) {
      const profile = req.headers[h];
      if (profile !== undefined && profile !== 'public') throw new UnsupportedRequest(`unsupported ${h} "${String(profile)}"`);
    }
    const rpc = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname);
    if (rpc && req.method === 'POST') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new UnsupportedRequest('rpc needs a JSON body');
      if ([...url.searchParams.keys()].length > 0) throw new UnsupportedRequest('rpc with query parameters is not supported');
      return call(decodeURIComponent(rpc[1]!), body);
    }
    if (rpc && req.method === 'GET') {
      // Arguments in the query string, as text (PostgreSQL casts them to the parameter types).
      return call(decodeURIComponent(rpc[1]!), Object.fromEntries(url.searchParams), true);
    }
    const table = /^\/rest\/v1\/([a-z_][a-z0-9_]*)$/.exec(url.pathname);
    if (table && (req.method === 'GET' || req.method === 'HEAD')) {
      return read(table[1]!, url.searchParams, String(req.headers.prefer ?? ''));
    }
    throw new UnsupportedRequest(`${req.method} ${url.pathname} is outside the supported subset`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (res.destroyed) return;
    if (isDown() && outage) {
      refusedCount++;
      if (outage.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      // What PostgREST answers while it cannot reach PostgreSQL (it retries the connection in the background).
      const reply = error(503, 'PGRST000', 'Could not connect with the database due to an incorrect db-uri or due to the PostgreSQL service not running.', 'connection to server at "127.0.0.1", port 5432 failed: Connection refused');
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(reply.body));
      return;
    }
    let reply: Reply;
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
      reply = await route(req, url, body);
    } catch (err) {
      reply = err instanceof UnsupportedRequest || err instanceof SyntaxError ? error(400, 'PGRST100', `stand-in: ${err.message}`) : databaseError(err);
    }
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: {
        apikey: req.headers.apikey as string | undefined,
        authorization: req.headers.authorization,
        prefer: req.headers.prefer as string | undefined,
        accept: req.headers.accept,
        contentType: req.headers['content-type'],
      },
      body,
      status: reply.status,
      responseBody: reply.body,
    });
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(req.method === 'HEAD' || reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    db,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    down: (ms = Number.POSITIVE_INFINITY, mode = 'unavailable') => {
      outage = { untilMs: Date.now() + ms, mode };
    },
    up: () => {
      outage = null;
    },
    get refusedCount() {
      return refusedCount;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await db.close();
    },
  };
}
