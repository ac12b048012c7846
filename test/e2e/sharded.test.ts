import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { SqlStore } from '../../src/db/SqlStore.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { startSupabaseStandIn, type SupabaseStandIn } from '../harness/supabase/startSupabaseStandIn.ts';
import { runScript } from './helpers/runScript.ts';
import { seedInterview } from './helpers/seedInterview.ts';
import { botEnv, startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';

/** `npm run start:sharded`: discord.js's ShardingManager over src/main.ts, on Supabase only. */

const SERVICE_KEY = 'service-role-key-for-tests-0123456789';

let discord: LocalDiscord;
let supabase: SupabaseStandIn;
let manager: BotProcess | undefined;

beforeAll(async () => {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[] });
  supabase = await startSupabaseStandIn({ serviceRoleKey: SERVICE_KEY });
}, 60_000);

afterAll(async () => {
  await manager?.cleanup();
  await discord?.close();
  await supabase?.close();
});

describe('sharded start', () => {
  it('refuses to run sharded on the embedded database and says to configure Supabase', async () => {
    const env = botEnv({ discord, openAiBaseUrl: 'http://127.0.0.1:9/v1' }, '/nonexistent-hotseat-data', 0);
    const result = await runScript('src/shard.ts', env);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('cannot run sharded on the embedded database');
    expect(result.stderr).toContain('SUPABASE_URL');
    // It stopped before touching Discord.
    expect(discord.restCalls).toEqual([]);
  });

  it('runs the bot in shard processes on Supabase: commands work and SIGTERM stops everything', async () => {
    const { main } = discord.guilds;
    const seeded = await seedInterview(new SqlStore(supabase.db), {
      guildId: main.id, userId: discord.users.alice.id, name: 'Alice', textChannelId: main.interviewsChannelId, jobTitle: 'Sharded Engineer', status: 'completed', answered: 2,
    });
    manager = await startBotProcess({
      discord,
      openAiBaseUrl: 'http://127.0.0.1:9/v1',
      script: 'src/shard.ts',
      env: { SUPABASE_URL: supabase.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY },
    });
    expect(manager.logs.some((l) => l.msg === 'shard launched' && l.shardId === 0)).toBe(true);
    expect(discord.restCalls.some((c) => c.path.endsWith('/gateway/bot'))).toBe(true);

    const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: discord.users.alice.id, command: 'interview', subcommand: 'history' });
    const reply = await discord.waitForReply(record.id, () => true, 20_000);
    expect(JSON.stringify(reply.embeds)).toContain(seeded.id);
    expect(supabase.requests.some((r) => r.path.startsWith('/rest/v1/'))).toBe(true);

    const exit = await manager.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(manager.logs.some((l) => l.msg === 'shutdown complete')).toBe(true);
  });
});
