import { SqlFunctionStore } from './SqlFunctionStore.ts';
import { SupabaseRpcTransport, type SupabaseRpcOptions } from './SupabaseRpcTransport.ts';

/**
 * The {@link SqlFunctionStore} on Supabase: supabase-js `rpc()` with the service-role key. The
 * schema is applied with the Supabase SQL editor or CLI (see createStore.ts), not from here.
 */
export class SupabaseStore extends SqlFunctionStore {
  readonly #transport: SupabaseRpcTransport;

  constructor(opts: SupabaseRpcOptions) {
    const transport = new SupabaseRpcTransport(opts);
    super(transport);
    this.#transport = transport;
  }

  /** Fails with a message naming the fix when the migrations have not (all) been applied. */
  checkSchema(): Promise<void> {
    return this.#transport.checkSchema();
  }
}
