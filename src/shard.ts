/**
 * `npm run start:sharded`: runs src/main.ts once per shard under discord.js's ShardingManager.
 * Needs Supabase storage: the embedded PGlite database is one file that only one process may
 * open, so every shard must share an external database.
 */
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from './loadConfigOrExit.ts';

const config = loadConfigOrExit();

if (config.storage.kind !== 'supabase') {
  process.stderr.write(
    'Hotseat cannot run sharded on the embedded database (PGlite): it is a single file that only one process can open, ' +
      'and every shard is its own process.\nConfigure Supabase (SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY in .env), ' +
      'or run one process with `npm start`.\n',
  );
  process.exit(78);
}

/** Discord's recommended shard count, asked through the configured REST base URL (a proxy or the tests' local Discord). */
async function recommendedShards(): Promise<number> {
  const response = await fetch(`${config.discord.restUrl.replace(/\/+$/, '')}/v10/gateway/bot`, {
    headers: { authorization: `Bot ${config.discord.token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    process.stderr.write(`Could not ask Discord for the shard count: HTTP ${response.status}${response.status === 401 ? ' (check DISCORD_TOKEN)' : ''}\n`);
    process.exit(1);
  }
  const { shards } = (await response.json()) as { shards: number };
  return Math.max(1, shards);
}

const { ShardingManager } = await import('discord.js');
const totalShards = await recommendedShards();
const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
  token: config.discord.token,
  totalShards,
  respawn: true,
  execArgv: process.execArgv,
});
manager.on('shardCreate', (shard) => process.stdout.write(`${JSON.stringify({ level: 30, msg: 'shard launched', shardId: shard.id, totalShards })}\n`));

/** Each shard shuts down gracefully on SIGTERM (saves interviews, leaves voice); wait for them, bounded. */
const stop = (): void => {
  const exits = [...manager.shards.values()].map((shard) => {
    const child = shard.process;
    shard.kill();
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => child.once('exit', () => resolve()));
  });
  const deadline = setTimeout(() => process.exit(1), 20_000);
  void Promise.all(exits).then(() => {
    clearTimeout(deadline);
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
await manager.spawn({ amount: totalShards });
