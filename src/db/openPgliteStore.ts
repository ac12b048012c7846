import type { Logger } from '../logger.ts';
import { migrate } from './migrate.ts';
import { PgliteWorkerClient } from './PgliteWorkerClient.ts';
import { SqlStore } from './SqlStore.ts';

/**
 * The embedded store: PGlite in `dataDir` (created if missing), with pending migrations applied.
 * PGlite runs in a worker thread (PgliteWorkerClient), so no SQL executes on the bot's event loop.
 * Without `dataDir` the database is in memory only, which suits tests (opening takes a few
 * seconds of CPU: share one per test file, and use a fresh guild id per test for isolation).
 */
export async function openPgliteStore(dataDir?: string, logger?: Logger): Promise<SqlStore> {
  const db = await PgliteWorkerClient.open(dataDir);
  try {
    await migrate(db, logger ? { logger } : {});
  } catch (err) {
    await db.close();
    throw err;
  }
  return new SqlStore(db);
}
