import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { CallOptions, FunctionTransport } from './FunctionTransport.ts';
import type { RpcArgs } from './rpcArgs.ts';
import { SupabaseStoreError } from './SupabaseStoreError.ts';

/** How to reach a Supabase project. */
export interface SupabaseRpcOptions {
  /** Project URL, e.g. https://abcd.supabase.co. */
  url: string;
  /** The service_role key: it bypasses row-level security, so it never leaves the server. */
  serviceRoleKey: string;
  /** Each HTTP request is aborted after this long (default 10 000). */
  requestTimeoutMs?: number;
  /** For tests: the fetch supabase-js uses. */
  fetch?: typeof fetch;
}

/** The function {@link SupabaseRpcTransport.checkSchema} calls: from the newest migration, so a partial setup is caught too. */
const SCHEMA_PROBE = 'get_guild_settings';

/**
 * {@link FunctionTransport} over supabase-js with the service-role key: every call is one
 * `rpc()` (PostgREST `POST /rest/v1/rpc/<fn>`), each in its own transaction on the server.
 * The schema is applied with the Supabase SQL editor or CLI (see createStore.ts), not from here.
 */
export class SupabaseRpcTransport implements FunctionTransport {
  readonly #client: SupabaseClient;

  constructor(opts: SupabaseRpcOptions) {
    const baseFetch = opts.fetch ?? fetch;
    const timeoutMs = opts.requestTimeoutMs ?? 10_000;
    // A hung Supabase must not hang an interview: every request gets a deadline.
    const fetchWithTimeout: typeof fetch = (input, init) => {
      const deadline = AbortSignal.timeout(timeoutMs);
      return baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    };
    this.#client = createClient(opts.url, opts.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: fetchWithTimeout },
    });
  }

  /**
   * A write is a POST. A read with plain arguments is a GET (PostgREST runs it read-only), which
   * supabase-js retries by itself on a network failure or a 503/520, as it did for table reads;
   * null arguments are left out (a query string has no null: the function's default applies).
   */
  async call<T>(fn: string, args: RpcArgs, options: CallOptions = {}): Promise<T> {
    const get = options.read === true && Object.values(args).every((v) => v === null || typeof v !== 'object');
    const sent = get ? Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null)) : args;
    const result = await this.#client.rpc(fn, sent, { get });
    if (result.error) throw new SupabaseStoreError(fn, result.error, result.status);
    return result.data as T;
  }

  /** Fails with a message naming the fix when the migrations have not (all) been applied. */
  async checkSchema(): Promise<void> {
    const result = await this.#client.rpc(SCHEMA_PROBE, { p_guild_id: '' });
    if (!result.error) return;
    const { code } = result.error;
    if (code === 'PGRST202' || code === 'PGRST205' || code === '42P01' || code === '42883') {
      throw new SupabaseStoreError('schema check', {
        message: `function ${SCHEMA_PROBE} not found: apply sql/001_schema.sql, sql/002_functions.sql, ... (in order) with the Supabase SQL editor or CLI`,
        code,
      });
    }
    throw new SupabaseStoreError('schema check', result.error, result.status);
  }

  /** Nothing to release: supabase-js holds no connection for PostgREST calls. */
  async close(): Promise<void> {}
}
