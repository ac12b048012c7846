import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { commandDefinitions } from '../commands/definitions.ts';
import type { Config } from '../config.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { discordGet } from './discordGet.ts';

const NAME = 'Slash commands';
const FIX = 'run npm run deploy-commands';

/** A command's name and its options' names, recursively: what must match for the handlers to work. */
function shapeOf(command: { name: string; options?: unknown }): string {
  const options = Array.isArray(command.options) ? (command.options as Array<{ name: string; options?: unknown }>) : [];
  return `${command.name}(${options.map(shapeOf).sort().join(',')})`;
}

/**
 * The commands registered where `npm run deploy-commands` puts them (DISCORD_DEV_GUILD_ID, else
 * global) against {@link commandDefinitions}: each must be there, with the same options.
 * @param applicationId DISCORD_CLIENT_ID, or the bot's user id when that is unset
 */
export async function checkCommands(discord: Config['discord'], applicationId: string, definitions: readonly RESTPostAPIApplicationCommandsJSONBody[] = commandDefinitions): Promise<CheckResult> {
  const where = discord.devGuildId ? `in server ${discord.devGuildId}` : 'globally';
  const path = discord.devGuildId ? `/applications/${applicationId}/guilds/${discord.devGuildId}/commands` : `/applications/${applicationId}/commands`;
  let response;
  try {
    response = await discordGet(discord, path);
  } catch (err) {
    return fail(NAME, `cannot reach ${discord.restUrl}: ${(err as Error).message}`, 'check the network or DISCORD_REST_URL');
  }
  if (response.status === 401) return fail(NAME, `Discord refused the token listing the commands ${where} (HTTP 401)`, 'fix DISCORD_TOKEN first');
  if (response.status === 403 || response.status === 404) {
    return fail(NAME, `cannot read the commands ${where} (HTTP ${response.status})`, 'check DISCORD_CLIENT_ID, and that the bot was invited to DISCORD_DEV_GUILD_ID with the applications.commands scope');
  }
  if (response.status !== 200 || !Array.isArray(response.body)) return fail(NAME, `unexpected answer (HTTP ${response.status}) listing the commands ${where}`, FIX);
  const registered = new Map((response.body as Array<{ name: string; options?: unknown }>).map((c) => [c.name, shapeOf(c)]));
  const missing = definitions.filter((d) => !registered.has(d.name)).map((d) => `/${d.name}`);
  const outdated = definitions.filter((d) => registered.has(d.name) && registered.get(d.name) !== shapeOf(d as { name: string; options?: unknown })).map((d) => `/${d.name}`);
  if (missing.length > 0) return fail(NAME, `not registered ${where}: ${missing.join(', ')}`, FIX);
  if (outdated.length > 0) return fail(NAME, `registered ${where} but with other options than this version: ${outdated.join(', ')}`, FIX);
  return pass(NAME, `${definitions.map((d) => `/${d.name}`).join(', ')} registered ${where}`);
}
