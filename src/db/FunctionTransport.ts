import type { RpcArgs } from './rpcArgs.ts';

/** How one function call may be sent. */
export interface CallOptions {
  /**
   * The function is a read (declared `stable`, its null arguments have defaults): a transport
   * may send it as an idempotent request that the client library retries on its own.
   */
  read?: boolean;
}

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
  call<T>(fn: string, args: RpcArgs, options?: CallOptions): Promise<T>;
  /** Releases the connection (if any). */
  close(): Promise<void>;
}
