import { entersState, VoiceConnectionStatus, type VoiceConnection } from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { expectAudioRoundTrip, joinMainVoice, loginClient, trustLocalDiscord } from './testClient.ts';

describe('local Discord: the real voice client recovers from injected faults', () => {
  let discord: LocalDiscord;
  let client: Client;
  let connection: VoiceConnection;
  let guildId: string;
  let alice: string;

  beforeEach(async () => {
    discord = await startLocalDiscord({ voice: { heartbeatIntervalMs: 250 } });
    trustLocalDiscord(discord);
    client = await loginClient(discord);
    guildId = discord.guilds.main.id;
    alice = discord.users.alice.id;
    discord.userJoinVoice(alice, discord.guilds.main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(guildId);
    await expectAudioRoundTrip(discord, connection, alice);
  });

  afterEach(async () => {
    if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    await client.destroy();
    await discord.close();
    expect(discord.errors).toEqual([]);
  });

  async function expectRecovered(kind: 'resumes' | 'identifies', before: { resumes: number; identifies: number }): Promise<void> {
    await discord.waitFor(() => {
      const now = discord.voiceStats(guildId);
      return now[kind] > before[kind] && now.ready ? true : undefined;
    }, `the voice connection to ${kind === 'resumes' ? 'resume' : 'identify again'}`, 8000);
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await expectAudioRoundTrip(discord, connection, alice);
  }

  for (const code of [4015, 1006]) {
    it(`resumes after close code ${code}`, async () => {
      const before = discord.voiceStats(guildId);
      discord.injectVoiceClose(code);
      await expectRecovered('resumes', before);
      expect(discord.voiceStats(guildId).identifies).toBe(before.identifies);
    });
  }

  it('identifies again (rejoins through the gateway) after close code 4006', async () => {
    const before = discord.voiceStats(guildId);
    const opsBefore = discord.gateway.received.filter((r) => r.op === 4).length;
    discord.injectVoiceClose(4006);
    await expectRecovered('identifies', before);
    expect(discord.gateway.received.filter((r) => r.op === 4).length).toBeGreaterThan(opsBefore);
  });

  it('resumes after three missed heartbeat acks', async () => {
    const before = discord.voiceStats(guildId);
    discord.missVoiceHeartbeatAcks(3);
    await expectRecovered('resumes', before);
  });

  it('moves to a new voice endpoint given by VOICE_SERVER_UPDATE', async () => {
    const before = discord.voiceStats(guildId);
    const endpoint = await discord.moveVoiceEndpoint();
    expect(endpoint).not.toBe(before.endpoint);
    await expectRecovered('identifies', before);
    expect(discord.voiceStats(guildId).endpoint).toBe(endpoint);
  });

  it('tells the client it was disconnected on 4014, and lets it rejoin', async () => {
    const before = discord.voiceStats(guildId);
    discord.injectVoiceClose(4014);
    await entersState(connection, VoiceConnectionStatus.Disconnected, 5000);
    expect(connection.state).toMatchObject({ status: VoiceConnectionStatus.Disconnected, closeCode: 4014 });
    expect(discord.botVoiceChannel(guildId)).toBeNull();
    expect(connection.rejoin({ channelId: discord.guilds.main.voiceChannelId, selfDeaf: false, selfMute: false })).toBe(true);
    await expectRecovered('identifies', before);
    expect(discord.botVoiceChannel(guildId)).toBe(discord.guilds.main.voiceChannelId);
  });

  it('follows a moderator dragging the bot to another channel, and hears users there', async () => {
    const before = discord.voiceStats(guildId);
    const lounge = discord.guilds.main.voiceChannel2Id;
    discord.userMoveVoice(alice, lounge);
    discord.moveBotVoice(guildId, lounge);
    await expectRecovered('identifies', before);
    expect(discord.voiceStats(guildId).channelId).toBe(lounge);
    expect(connection.joinConfig.channelId).toBe(lounge);
  });
});
