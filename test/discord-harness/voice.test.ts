import { Readable } from 'node:stream';
import { AudioPlayerStatus, createAudioPlayer, createAudioResource, EndBehaviorType, entersState, joinVoiceChannel, StreamType, VoiceConnectionStatus, type VoiceConnection } from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../src/voice/wav.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { joinMainVoice, loginClient, sinePackets, startWithClient, stopWithClient } from './testClient.ts';

/** Dominant frequency of s16le mono PCM by zero crossings. */
function zeroCrossingHz(pcm: Buffer, sampleRateHz: number): number {
  let crossings = 0;
  for (let i = 2; i < pcm.length; i += 2) if ((pcm.readInt16LE(i - 2) < 0) !== (pcm.readInt16LE(i) < 0)) crossings++;
  return crossings / 2 / (pcm.length / 2 / sampleRateHz);
}

describe('local Discord: voice with the real @discordjs/voice client', () => {
  let discord: LocalDiscord;
  let client: Client;
  let connection: VoiceConnection | undefined;

  beforeEach(async () => {
    ({ discord, client } = await startWithClient());
  });

  afterEach(async () => {
    await stopWithClient(discord, client, connection);
    connection = undefined;
  });

  it('joins voice to Ready, receives a user\'s audio byte-identical, and the stand-in captures and decodes what the bot plays', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    expect(discord.botVoiceChannel(main.id)).toBe(main.voiceChannelId);
    await discord.waitForVoiceReady(main.id);

    const stream = connection.receiver.subscribe(alice, { end: { behavior: EndBehaviorType.Manual } });
    const received: Buffer[] = [];
    stream.on('data', (d: Buffer) => received.push(d));
    const sent = sinePackets(440, 50);
    const result = await discord.speak(alice, sent);
    expect(result).toMatchObject({ packets: 55, delivered: 55, lost: 0, notDelivered: 0 });
    await discord.waitFor(() => (received.length >= 55 ? true : undefined), 'all packets at the client');
    expect(received.slice(0, 50)).toEqual(sent);
    expect(received.slice(50).map((b) => b.toString('hex'))).toEqual(Array(5).fill('f8fffe'));

    const played = sinePackets(660, 50);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(Readable.from(played), { inputType: StreamType.Opus }));
    const utterance = await discord.waitForBotUtterance(main.id, { minPackets: 40 });
    expect(utterance.map((p) => p.opus)).toEqual(played);
    const sequences = utterance.map((p) => p.sequence);
    expect(sequences.every((s, i) => i === 0 || s === ((sequences[i - 1]! + 1) & 0xffff))).toBe(true);
    const wav = parseWav(discord.botAudioWav(main.id));
    expect(wav.sampleRateHz).toBe(16000);
    expect(zeroCrossingHz(wav.pcm.subarray(3200, wav.pcm.length - 3200), 16000)).toBeGreaterThan(620);
    expect(zeroCrossingHz(wav.pcm.subarray(3200, wav.pcm.length - 3200), 16000)).toBeLessThan(700);
    await entersState(player, AudioPlayerStatus.Idle, 2000);
    player.stop();
    expect(discord.voice.decryptFailures).toBe(0);
    expect(discord.errors).toEqual([]);
  });

  it('delivers nothing while the bot is elsewhere, simulates loss, and reports users joining, moving and leaving', async () => {
    const { main } = discord.guilds;
    const bob = discord.users.bob.id;
    const states: (string | null)[] = [];
    client.on('voiceStateUpdate', (_old, now) => { if (now.id === bob) states.push(now.channelId); });
    discord.userJoinVoice(bob, main.voiceChannel2Id);
    connection = await joinMainVoice(discord, client);
    const elsewhere = await discord.speak(bob, sinePackets(300, 5), { trailingSilenceFrames: 0 });
    expect(elsewhere.notDelivered).toBe(5);
    discord.userMoveVoice(bob, main.voiceChannelId);
    const lossy = await discord.speak(bob, sinePackets(300, 50), { lossRate: 0.3, jitterMs: 15, seed: 7 });
    expect(lossy.lost).toBeGreaterThan(5);
    expect(lossy.delivered + lossy.lost).toBe(55);
    discord.userLeaveVoice(bob);
    await discord.waitFor(() => (states.length >= 3 ? true : undefined), 'three voice state updates');
    expect(states).toEqual([main.voiceChannel2Id, main.voiceChannelId, null]);
    connection.destroy();
    connection = undefined;
    await discord.waitFor(() => (discord.botVoiceChannel(main.id) === null ? true : undefined), 'the bot to leave voice');
  });

  it('drops the bot from voice when a new gateway session identifies (the bot process restarted)', async () => {
    const { main } = discord.guilds;
    connection = await joinMainVoice(discord, client);
    connection.destroy(false); // a crash: nobody tells Discord the bot left
    connection = undefined;
    await client.destroy();
    expect(discord.botVoiceChannel(main.id)).toBe(main.voiceChannelId);
    client = await loginClient(discord);
    expect(discord.botVoiceChannel(main.id)).toBeNull();
    expect(client.guilds.cache.get(main.id)?.members.me?.voice.channelId ?? null).toBeNull();
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
  });

  it('ignores a join of a channel where the bot lacks Connect (the client stays signalling)', async () => {
    const { main } = discord.guilds;
    const guild = client.guilds.cache.get(main.id)!;
    connection = joinVoiceChannel({ channelId: main.lockedVoiceChannelId, guildId: main.id, adapterCreator: guild.voiceAdapterCreator });
    await expect(entersState(connection, VoiceConnectionStatus.Ready, 1000)).rejects.toThrow();
    expect(connection.state.status).toBe(VoiceConnectionStatus.Signalling);
    expect(discord.voiceStates.refusedJoins.map((r) => r.channelId)).toEqual([main.lockedVoiceChannelId]);
    expect(discord.botVoiceChannel(main.id)).toBeNull();
  });
});
