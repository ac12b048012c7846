import type { Config } from '../config.ts';

/** One authenticated GET against the configured Discord REST API (v10). */
export async function discordGet(discord: Config['discord'], path: string, timeoutMs = 15_000): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${discord.restUrl.replace(/\/+$/, '')}/v10${path}`, {
    headers: { authorization: `Bot ${discord.token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's error page): keep the text
  }
  return { status: response.status, body };
}
