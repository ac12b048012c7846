import type { Config } from '../config.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { discordGet } from './discordGet.ts';

const NAME = 'Discord token';

/** The check's result and, when the token works, the bot's user (its id is the application id). */
export interface TokenCheck {
  result: CheckResult;
  bot?: { id: string; username: string };
}

/** `GET /users/@me` with DISCORD_TOKEN: 200 means the token is a working bot token. */
export async function checkDiscordToken(discord: Config['discord']): Promise<TokenCheck> {
  let response;
  try {
    response = await discordGet(discord, '/users/@me');
  } catch (err) {
    return { result: fail(NAME, `cannot reach ${discord.restUrl}: ${(err as Error).message}`, 'check the network, or DISCORD_REST_URL if you set it') };
  }
  if (response.status === 401) {
    return { result: fail(NAME, `Discord refused the token (HTTP 401)`, 'reset the token (Developer Portal → your app → Bot → Reset Token) and put it in DISCORD_TOKEN') };
  }
  const me = response.body as { id?: unknown; username?: unknown; bot?: unknown };
  if (response.status !== 200 || typeof me.id !== 'string') {
    return { result: fail(NAME, `unexpected answer from /users/@me: HTTP ${response.status}`, 'check DISCORD_REST_URL (it should end in /api)') };
  }
  if (me.bot !== true) {
    return { result: fail(NAME, `the token belongs to a user account, not a bot`, 'use the bot token from Developer Portal → your app → Bot') };
  }
  const username = typeof me.username === 'string' ? me.username : '?';
  return { result: pass(NAME, `logged in as ${username} (${me.id})`), bot: { id: me.id, username } };
}
