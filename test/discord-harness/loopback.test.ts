import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { VoiceUdp } from '../harness/discord/VoiceUdp.ts';

/** Issue 4: the local Discord never touches a non-loopback address. */
describe('local Discord: loopback only', () => {
  let discord: LocalDiscord;
  beforeEach(async () => {
    discord = await startLocalDiscord();
  });
  afterEach(async () => {
    await discord.close();
  });

  it('hands out only 127.0.0.1 addresses: REST, gateway and attachment URLs', async () => {
    expect(new URL(discord.restUrl).hostname).toBe('127.0.0.1');
    const response = await fetch(`${discord.restUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${discord.token}` } });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const file = discord.registerAttachment({ filename: 'resume.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') });
    expect(new URL(file.url).hostname).toBe('127.0.0.1');
  });

  it('binds its voice UDP socket to loopback and refuses to send anywhere else', async () => {
    const udp = new VoiceUdp({ onDiscovery: () => undefined, onRtp: () => undefined });
    await udp.listen();
    try {
      expect(udp.port).toBeGreaterThan(0);
      expect(() => udp.send(Buffer.alloc(74), { address: '192.0.2.1', port: udp.port })).toThrow(/loopback only/);
    } finally {
      await udp.close();
    }
  });
});
