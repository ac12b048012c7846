import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = `
const WebSocket = require('ws');
const ws = new WebSocket('wss://' + process.argv[1] + '?v=8');
ws.on('message', (m) => { console.log(String(m)); ws.terminate(); });
ws.on('error', (e) => { console.log('error: ' + e.message); process.exit(0); });
`;

function runChild(endpoint: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', SCRIPT, endpoint], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.trim());
    });
  });
}

describe('local Discord: the voice gateway certificate', () => {
  let discord: LocalDiscord;

  beforeEach(async () => {
    discord = await startLocalDiscord();
  });

  afterEach(async () => {
    await discord.close();
  });

  it('is trusted by a child process given NODE_EXTRA_CA_CERTS, and refused without it', async () => {
    const endpoint = discord.voice.endpointFor(discord.guilds.main.id);
    expect(endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    const trusted = await runChild(endpoint, { NODE_EXTRA_CA_CERTS: discord.caCertPath });
    expect(JSON.parse(trusted)).toMatchObject({ op: 8, d: { heartbeat_interval: 13_750 } });
    const untrusted = await runChild(endpoint, {});
    expect(untrusted).toMatch(/^error: .*self-signed/);
  });
});
