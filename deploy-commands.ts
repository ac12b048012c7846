/**
 * Registers Hotseat's slash commands: in DISCORD_DEV_GUILD_ID when set (instant, for
 * development), else globally (Discord may take a while to show them everywhere).
 * Loads nothing but the configuration and the command definitions.
 *
 *   npm run deploy-commands
 */
import { commandDefinitions } from './src/commands/definitions.ts';
import { ConfigError, loadDiscordConfig } from './src/config.ts';

async function main(): Promise<number> {
  let discord;
  try {
    discord = loadDiscordConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78;
    }
    throw err;
  }
  const { clientId, devGuildId, restUrl, token } = discord;
  const base = `${restUrl.replace(/\/+$/, '')}/v10/applications/${clientId}`;
  const url = devGuildId ? `${base}/guilds/${devGuildId}/commands` : `${base}/commands`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(commandDefinitions),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const body = (await response.text()).slice(0, 2_000).split(token).join('[secret]');
    process.stderr.write(`Registering the commands failed: HTTP ${response.status}\n${body}\n`);
    if (response.status === 401) process.stderr.write('Check DISCORD_TOKEN.\n');
    if (response.status === 403 || response.status === 404) process.stderr.write('Check DISCORD_CLIENT_ID and that the bot was invited to DISCORD_DEV_GUILD_ID with the applications.commands scope.\n');
    return 1;
  }
  const registered = (await response.json()) as Array<{ name: string }>;
  const names = registered.map((c) => `/${c.name}`).join(', ');
  process.stdout.write(
    devGuildId
      ? `Registered ${registered.length} command(s) in server ${devGuildId}: ${names}\n`
      : `Registered ${registered.length} global command(s): ${names} (they can take a while to appear in every server)\n`,
  );
  return 0;
}

process.exitCode = await main();
