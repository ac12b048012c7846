import type { VoiceConnection } from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { daveOf, distinctPackets, receiveFrom } from './daveClient.ts';
import { joinMainVoice, startWithClient, stopWithClient } from './testClient.ts';

// What plain @discordjs/voice 0.19.2 does under the same faults as voiceDaveFaults.test.ts: the
// defects DaveGuard works around. If a library upgrade fixes one, its test here fails: then
// the workaround can go.
describe('@discordjs/voice 0.19.2 DAVE receive without the bot\'s guard', () => {
  let discord: LocalDiscord;
  let client: Client;
  let connection: VoiceConnection | undefined;

  afterEach(async () => {
    await stopWithClient(discord, client, connection);
    connection = undefined;
  });

  async function joinWithAlice(): Promise<void> {
    ({ discord, client } = await startWithClient());
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);
    await discord.waitFor(() => (daveOf(connection!)?.session?.ready ? true : undefined), 'the bot in its DAVE group');
  }

  it('60 plaintext frames (after a transition 1): at the 37th it drops its MLS state, sends op 31 and makes the whole group re-key', async () => {
    await joinWithAlice();
    const { main } = discord.guilds;
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    discord.userJoinVoice(discord.users.carol.id, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(discord.users.bot.id) && call.epoch === 2 ? true : undefined), 'carol in the group');
    const got = receiveFrom(connection!, discord.users.alice.id);
    const sent = distinctPackets(150);
    await discord.speak(discord.users.alice.id, sent, { plaintextFrames: 60, trailingSilenceFrames: 0 });
    await discord.waitFor(() => (got.some((p) => p.equals(sent[149]!)) ? true : undefined), 'the last frame', 3000);
    const lostAfter = sent.slice(60).filter((p) => !got.some((g) => g.equals(p))).length;
    expect(call.events.some((e) => e.kind === 'invalid-commit-welcome' && e.userId === discord.users.bot.id)).toBe(true);
    expect(call.events.filter((e) => e.kind === 'commit').length).toBeGreaterThan(2);
    console.log(`[measure] plain library, plaintext x60: op 31 sent, ${lostAfter} encrypted frames after them lost (${lostAfter * 20} ms)`);
  });

  it('transition 0: after a missed commit it never recovers (throws past its tolerance instead of re-sending a key package)', async () => {
    await joinWithAlice();
    const { main } = discord.guilds;
    expect(daveOf(connection!)?.lastTransitionId).toBe(0);
    discord.voice.dave.dropBinaryToBot(main.id, 2);
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(discord.users.bob.id) && discord.voice.dave.member(discord.users.alice.id)?.epoch === 2 ? true : undefined), 'alice at epoch 2');
    const errors: Error[] = [];
    const got = receiveFrom(connection!, discord.users.alice.id, errors);
    const sent = distinctPackets(150);
    await discord.speak(discord.users.alice.id, sent, { trailingSilenceFrames: 0 });
    expect(errors.map((e) => e.message)[0]).toMatch(/Failed to decrypt/);
    expect(sent.filter((p) => got.some((g) => g.equals(p)))).toEqual([]);
    expect(call.events.some((e) => e.kind === 'invalid-commit-welcome')).toBe(false);
    expect(daveOf(connection!)!.consecutiveFailures).toBeGreaterThan(36);
  });
});
