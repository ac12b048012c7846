import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openPgliteStore } from '../../src/db/openPgliteStore.ts';
import { describeStoreContract } from './storeContract.ts';

// The bot's embedded store as it opens it: PGlite in a worker thread (PgliteWorkerClient),
// migrated by openPgliteStore. pglite.test.ts runs the same contract on PGlite in-process.

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describeStoreContract('PGlite in a worker thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-pglite-store-'));
  dirs.push(dir);
  return openPgliteStore(join(dir, 'data'));
});
