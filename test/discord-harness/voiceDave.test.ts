import { Readable } from 'node:stream';
import { AudioPlayerStatus, createAudioPlayer, createAudioResource, entersState, joinVoiceChannel, StreamType, VoiceConnectionStatus, type VoiceConnection } from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDiscord, LocalDiscordOptions } from '../harness/discord/LocalDiscord.ts';
import { daveOf, receiveFrom } from './daveClient.ts';
import { joinMainVoice, sinePackets, startWithClient, stopWithClient } from './testClient.ts';

describe('local Discord: DAVE end-to-end encryption with the real @discordjs/voice client', () => {
  let discord: LocalDiscord;
  let client: Client;
  let connection: VoiceConnection | undefined;

  async function start(opts: LocalDiscordOptions = {}): Promise<void> {
    ({ discord, client } = await startWithClient(opts));
  }

  afterEach(async () => {
    await stopWithClient(discord, client, connection);
    connection = undefined;
  });

  it('forms an MLS group with a fake member: her frames reach the bot DAVE-encrypted and decrypt byte-identical, the bot\'s frames decrypt for her', async () => {
    await start();
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    expect(call.groupMembers().sort()).toEqual([alice, discord.users.bot.id].sort());
    expect(call.epoch).toBe(1);
    const dave = daveOf(connection)!;
    expect(dave.protocolVersion).toBe(1);
    // Transition 0 is executed on receipt: the server cannot know when the bot processed its welcome.
    await discord.waitFor(() => (dave.session?.ready ? true : undefined), 'the bot to process its welcome');
    expect(dave.session?.epoch).toBe(1n);
    expect(discord.voice.dave.member(alice)?.ready).toBe(true);

    const received = receiveFrom(connection, alice);
    const sent = sinePackets(440, 50);
    await discord.speak(alice, sent);
    await discord.waitFor(() => (received.length >= 55 ? true : undefined), 'all packets at the client');
    expect(received.slice(0, 50)).toEqual(sent);
    // The library decrypted every one of them with the MLS-derived key of alice.
    expect(dave.session!.getDecryptionStats(alice)?.successes).toBeGreaterThanOrEqual(50);

    const played = sinePackets(660, 50);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(Readable.from(played), { inputType: StreamType.Opus }));
    const utterance = await discord.waitForBotUtterance(main.id, { minPackets: 40 });
    expect(utterance.every((p) => p.e2ee)).toBe(true);
    expect(utterance.map((p) => p.opus)).toEqual(played);
    await entersState(player, AudioPlayerStatus.Idle, 2000);
    expect(discord.voice.dave.botFrameProblems).toEqual({ plaintext: 0, undecryptable: 0 });
    expect(discord.errors).toEqual([]);
  });

  it('moves the group to a new epoch when a member joins and another leaves; audio keeps flowing', async () => {
    await start();
    const { main } = discord.guilds;
    const { alice, bob } = { alice: discord.users.alice.id, bob: discord.users.bob.id };
    discord.userJoinVoice(alice, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    discord.userJoinVoice(bob, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(bob) && call.epoch === 2 ? true : undefined), 'bob in the group at epoch 2');
    discord.userLeaveVoice(alice);
    await discord.waitFor(() => (call.epoch === 3 && !call.groupMembers().includes(alice) ? true : undefined), 'alice removed at epoch 3');
    await discord.waitFor(() => (call.inGroup(discord.users.bot.id) ? true : undefined), 'the bot executed the transition');
    const received = receiveFrom(connection, bob);
    const sent = sinePackets(500, 20);
    await discord.speak(bob, sent);
    await discord.waitFor(() => (received.length >= 20 ? true : undefined), 'bob\'s packets at the client');
    expect(received.slice(0, 20)).toEqual(sent);
    const executed = call.events.filter((e) => e.kind === 'execute').map((e) => e.transitionId);
    expect(executed).toEqual([0, 1, 2]);
    expect(discord.errors).toEqual([]);
  });

  it('closes a voice connection that does not speak DAVE with 4017, as Discord does', async () => {
    await start();
    const { main } = discord.guilds;
    const guild = client.guilds.cache.get(main.id)!;
    connection = joinVoiceChannel({ channelId: main.voiceChannelId, guildId: main.id, adapterCreator: guild.voiceAdapterCreator, selfDeaf: false, daveEncryption: false });
    await expect(entersState(connection, VoiceConnectionStatus.Ready, 1500)).rejects.toThrow();
    const identify = discord.voice.sessions(main.id).length;
    expect(identify).toBe(0);
  });

  it('downgrades to transport-only encryption when a member without DAVE is in the call', async () => {
    await start();
    const { main } = discord.guilds;
    const bob = discord.users.bob.id;
    discord.voice.dave.setWithoutDave(bob);
    discord.userJoinVoice(bob, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
    expect(daveOf(connection)?.protocolVersion).toBe(0);
    const received = receiveFrom(connection, bob);
    const sent = sinePackets(500, 20);
    await discord.speak(bob, sent);
    await discord.waitFor(() => (received.length >= 20 ? true : undefined), 'bob\'s packets at the client');
    expect(received.slice(0, 20)).toEqual(sent);
    expect(discord.voice.dave.call(main.id, main.voiceChannelId).groupMembers()).toEqual([]);
  });

  it('downgrades mid-call when a member without DAVE joins, and upgrades to a new group when it leaves', async () => {
    await start();
    const { main } = discord.guilds;
    const { alice, bob } = { alice: discord.users.alice.id, bob: discord.users.bob.id };
    discord.userJoinVoice(alice, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    const dave = daveOf(connection)!;
    discord.voice.dave.setWithoutDave(bob);
    discord.userJoinVoice(bob, main.voiceChannelId);
    await discord.waitFor(() => (dave.protocolVersion === 0 && call.events.some((e) => e.kind === 'execute' && e.transitionId !== 0) ? true : undefined), 'the downgrade executed');
    const received = receiveFrom(connection, alice);
    let sent = sinePackets(500, 20);
    await discord.speak(alice, sent);
    await discord.waitFor(() => (received.length >= 20 ? true : undefined), 'alice\'s packets during the downgrade');
    expect(received.slice(0, 20)).toEqual(sent);
    expect(discord.voice.dave.member(alice)?.ready).toBe(false);

    discord.userLeaveVoice(bob);
    await discord.waitFor(() => (call.protocolVersion === 1 && call.inGroup(discord.users.bot.id) && call.inGroup(alice) ? true : undefined), 'a new group after the upgrade');
    await discord.waitFor(() => (dave.protocolVersion === 1 && dave.session?.ready ? true : undefined), 'the bot upgraded');
    const before = received.length;
    sent = sinePackets(600, 20);
    await discord.speak(alice, sent);
    await discord.waitFor(() => (received.length >= before + 20 ? true : undefined), 'alice\'s packets after the upgrade');
    expect(received.slice(before, before + 20)).toEqual(sent);
    expect(dave.session!.getDecryptionStats(alice)?.successes).toBeGreaterThanOrEqual(20);
    expect(call.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['downgrade', 'upgrade']));
    expect(discord.errors).toEqual([]);
  });

  it('keeps dave_protocol_version 0 when started so (no MLS at all)', async () => {
    await start({ voice: { dave: { protocolVersion: 0 } } });
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    connection = await joinMainVoice(discord, client, { daveEncryption: false });
    await discord.waitForVoiceReady(main.id);
    expect(daveOf(connection)).toBeUndefined();
    expect(discord.voice.dave.events).toEqual([]);
  });
});

