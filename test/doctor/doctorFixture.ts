import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
export { closedPort } from './closedPort.ts';
import { startOpenAiStandIn, type OpenAiStandIn, type OpenAiStandInOptions } from '../harness/openai/startOpenAiStandIn.ts';

/** The reply the doctor's strict-schema call expects. */
export const HEALTHY_CHAT = { status: 'ok', word: 'hello' };
export const OPENAI_KEY = 'sk-doctor-secret-key-1234567890';

/** A data dir holding a PGlite database migrated with the files of `migrationsDir` (default sql/). */
export async function migratedDataDir(migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-doctor-db-'));
  const db = await PgliteClient.open(dir);
  try {
    await migrate(db, { dir: migrationsDir });
  } finally {
    await db.close();
  }
  return dir;
}

/** A copy of sql/ without its last migration. */
export async function migrationsWithoutLast(): Promise<{ dir: string; left: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-doctor-sql-'));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  for (const f of files.slice(0, -1)) await cp(join(MIGRATIONS_DIR, f), join(dir, f));
  return { dir, left: files.at(-1)!.replace(/\.sql$/, '') };
}

/** The local Discord with the commands registered globally, and an OpenAI stand-in answering the doctor. */
export async function startServices(openAi: OpenAiStandInOptions = {}): Promise<{ discord: LocalDiscord; ai: OpenAiStandIn }> {
  const [discord, ai] = await Promise.all([
    startLocalDiscord({ commands: commandDefinitions as unknown as Json[] }),
    startOpenAiStandIn({ chat: () => HEALTHY_CHAT, ...openAi }),
  ]);
  return { discord, ai };
}

/** The configuration the doctor reads, pointed at the stand-ins; `env` overrides. */
export function doctorConfig(discord: LocalDiscord, ai: OpenAiStandIn, dataDir: string, env: Record<string, string> = {}): Config {
  return parseConfig({ ...doctorEnv(discord, ai, dataDir), ...env });
}

export function doctorEnv(discord: LocalDiscord, ai: OpenAiStandIn, dataDir: string): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_REST_URL: discord.restUrl,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: ai.baseUrl,
    LLM_TIMEOUT_MS: '20000',
    STT_TIMEOUT_MS: '30000',
    TTS_TIMEOUT_MS: '30000',
    DATA_DIR: dataDir,
  };
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
