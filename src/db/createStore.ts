import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openPgliteStore } from './openPgliteStore.ts';
import type { Store } from '../interview/Store.ts';
import { SupabaseStore } from './SupabaseStore.ts';

/**
 * Opens the configured store.
 *
 * - `pglite` (no SUPABASE_URL): the embedded database in `config.storage.dataDir` (created if
 *   missing); pending migrations from sql/ are applied here, at start-up.
 * - `supabase`: supabase-js with the service-role key. Migrations are NOT applied from here
 *   (PostgREST cannot run DDL): apply sql/001_*.sql, sql/002_*.sql, ... in order once, with the
 *   Supabase SQL editor or `supabase db push` / `psql "$DATABASE_URL" -f ...`. Start-up checks
 *   that the schema is there and fails with a message saying so if it is not.
 */
export async function createStore(config: Config, logger: Logger): Promise<Store> {
  const log = logger.child({ component: 'store' });
  if (config.storage.kind === 'pglite') {
    const store = await openPgliteStore(config.storage.dataDir, log);
    log.info({ kind: 'pglite', dataDir: config.storage.dataDir }, 'store ready');
    return store;
  }
  const store = new SupabaseStore({ url: config.storage.url, serviceRoleKey: config.storage.serviceRoleKey });
  await store.checkSchema();
  log.info({ kind: 'supabase' }, 'store ready');
  return store;
}
