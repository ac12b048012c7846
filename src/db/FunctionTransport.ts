import type { RpcArgs } from './rpcArgs.ts';

/**
 * How {@link ./SqlFunctionStore.ts} reaches the database: one call of one SQL function of sql/
 * with named arguments. Two implementations: {@link ./SqlClientTransport.ts} (PGlite or
 * node-postgres) and {@link ./SupabaseRpcTransport.ts} (supabase-js `rpc()`).
 *
 * The result has PostgREST's shape whatever the transport: an array of rows for a set-returning
 * function, one row object (or null) for a composite, the value itself for a scalar (null for
 * void). Timestamps may be Dates or ISO strings (see rows.ts).
 */
export interface FunctionTransport {
  /**
   * Calls `fn(p_a => args.p_a, ...)`. Failures reject with an error whose `code` is the
   * SQLSTATE or PostgREST code and whose message never quotes row data.
   */
  call<T>(fn: string, args: RpcArgs): Promise<T>;
  /** Releases the connection (if any). */
  close(): Promise<void>;
}
