import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import { createLogger } from '../../src/logger.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const baseEnv = { DISCORD_TOKEN: 'x'.repeat(40), OPENAI_API_KEY: 'sk-test-key' };

describe('createStore', () => {
  it('opens PGlite under DATA_DIR (creating it), migrated, when no Supabase URL is set', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hotseat-create-'));
    dirs.push(root);
    const dataDir = join(root, 'not', 'yet', 'there');
    const config = parseConfig({ ...baseEnv, DATA_DIR: dataDir });
    const store = await createStore(config, createLogger({ level: 'silent' }));
    try {
      expect(store).toBeInstanceOf(SqlStore);
      expect((await stat(dataDir)).isDirectory()).toBe(true);
      const created = await store.createInterview({
        guildId: 'g', candidateUserId: 'u', candidateName: 'n', textChannelId: null, voiceChannelId: null,
        jobTitle: 'j', type: 'technical', language: 'en', questionCount: 2,
      });
      expect((await store.listInterviews({ guildId: 'g', page: 1, pageSize: 5 })).items.map((i) => i.id)).toEqual([created.id]);
    } finally {
      await store.close();
    }
  });
});
