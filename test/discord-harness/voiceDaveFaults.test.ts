import { Writable } from 'node:stream';
import type { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { VoiceLink, type VoiceLinkStatus } from '../../src/bot/live/VoiceLink.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { daveOf, distinctPackets } from './daveClient.ts';
import { startWithClient, stopWithClient } from './testClient.ts';

/** What the bot heard of the candidate, with arrival times (epoch ms), and the statuses it reported. */
interface Heard {
  link: VoiceLink;
  packets: { opus: Buffer; atMs: number }[];
  statuses: VoiceLinkStatus[];
  logs: string[];
}

describe('DAVE faults: the bot (VoiceLink + DaveGuard) hears the candidate again', () => {
  let discord: LocalDiscord;
  let client: Client;
  let heard: Heard | undefined;

  async function openLink(): Promise<Heard> {
    ({ discord, client } = await startWithClient());
    const { main } = discord.guilds;
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c: Buffer, _e, cb) => { logs.push(c.toString()); cb(); } }) });
    const packets: Heard['packets'] = [];
    const statuses: VoiceLinkStatus[] = [];
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    const link = await VoiceLink.open({
      guildId: main.id, channelId: main.voiceChannelId, adapterCreator: client.guilds.cache.get(main.id)!.voiceAdapterCreator,
      candidateUserId: discord.users.alice.id, logger, nowMs: () => Date.now(),
      onCandidatePacket: (opus, atMs) => packets.push({ opus, atMs }), onStatus: (s) => statuses.push(s), daveRejoinAfterMs: 1500,
    });
    await discord.waitForVoiceReady(main.id);
    await discord.waitFor(() => (daveOf(link.connection)?.session?.ready ? true : undefined), 'the bot in its DAVE group');
    heard = { link, packets, statuses, logs };
    return heard;
  }

  afterEach(async () => {
    await heard?.link.close();
    heard = undefined;
    await stopWithClient(discord, client);
  });

  /** Speaks distinct tone packets; returns them and the index of the first one heard after `fromIndex`, and when. */
  function firstHeardFrom(sent: Buffer[], h: Heard, fromIndex: number): { index: number; atMs: number } | null {
    for (let i = fromIndex; i < sent.length; i++) {
      const p = h.packets.find((x) => x.opus.equals(sent[i]!));
      if (p) return { index: i, atMs: p.atMs };
    }
    return null;
  }

  // Unencrypted frames (expected ones heard, a member's outside a transition dropped): voiceDaveRegroup.test.ts.

  it('a member joins and another leaves mid-answer (two epoch changes): at most a few frames are lost', async () => {
    const h = await openLink();
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.carol.id, main.voiceChannelId);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(discord.users.carol.id) && call.inGroup(discord.users.bot.id) ? true : undefined), 'carol in the group');
    const sent = distinctPackets(200);
    const speaking = discord.speak(discord.users.alice.id, sent, { trailingSilenceFrames: 0 });
    await discord.waitFor(() => (h.packets.length >= 50 ? true : undefined), '1 s of the answer');
    const joinAtMs = Date.now();
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    await discord.waitFor(() => (h.packets.length >= 100 ? true : undefined), '2 s of the answer');
    discord.userLeaveVoice(discord.users.carol.id);
    await speaking;
    await discord.waitFor(() => (firstHeardFrom(sent, h, 199) ? true : undefined), 'the last frame', 3000);
    const lost = sent.filter((p) => !h.packets.some((x) => x.opus.equals(p))).length;
    expect(call.epoch).toBeGreaterThanOrEqual(4);
    expect(lost).toBeLessThanOrEqual(5);
    expect(h.link.daveStats.keyPackageResends).toBe(0);
    const gaps = h.packets.slice(1).map((p, i) => p.atMs - h.packets[i]!.atMs);
    console.log(`[measure] join+leave mid-answer: ${lost} frames lost, longest gap ${Math.max(...gaps)} ms, join at +${joinAtMs - h.packets[0]!.atMs} ms`);
  });

  it('transition 0 hole: the bot misses a commit (as while resuming), cannot decrypt, re-sends its key package and hears the candidate again', async () => {
    const h = await openLink();
    const { main } = discord.guilds;
    const dave = daveOf(h.link.connection)!;
    expect(dave.lastTransitionId).toBe(0);
    discord.voice.dave.dropBinaryToBot(main.id, 2); // the proposals and the commit for bob
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    await discord.waitFor(() => (call.inGroup(discord.users.bob.id) && call.epoch === 2 ? true : undefined), 'bob in the group without the bot knowing');
    await discord.waitFor(() => (discord.voice.dave.member(discord.users.alice.id)?.epoch === 2 ? true : undefined), 'alice at epoch 2');
    const sent = distinctPackets(250);
    const result = await discord.speak(discord.users.alice.id, sent, { trailingSilenceFrames: 0 });
    const back = firstHeardFrom(sent, h, 0);
    expect(back).not.toBeNull();
    expect(h.link.daveStats.keyPackageResends).toBe(1);
    expect(call.events.some((e) => e.kind === 'invalid-commit-welcome' && e.userId === discord.users.bot.id && e.transitionId === 0)).toBe(true);
    expect(h.statuses).toEqual(['reconnecting', 'ready']);
    console.log(`[measure] missed commit (transition 0): heard again ${back!.atMs - result.startedAtMs} ms after the answer started (frame ${back!.index})`);
  });

  it('an invalid commit: the library reports op 31, is welcomed again, and the candidate is heard', async () => {
    const h = await openLink();
    const { main } = discord.guilds;
    const call = discord.voice.dave.call(main.id, main.voiceChannelId);
    discord.voice.dave.corruptNextCommitToBot(main.id);
    const injectedAtMs = Date.now();
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    await discord.waitFor(() => (call.events.some((e) => e.kind === 'invalid-commit-welcome') ? true : undefined), 'the bot to report op 31');
    await discord.waitFor(() => (call.inGroup(discord.users.bot.id) && daveOf(h.link.connection)?.session?.ready ? true : undefined), 'the bot welcomed again');
    const sent = distinctPackets(50);
    const result = await discord.speak(discord.users.alice.id, sent, { trailingSilenceFrames: 0 });
    await discord.waitFor(() => (firstHeardFrom(sent, h, 49) ? true : undefined), 'the last frame', 3000);
    const back = firstHeardFrom(sent, h, 0)!;
    expect(back.index).toBeLessThanOrEqual(2);
    const welcomedAtMs = call.events.filter((e) => e.kind === 'welcome' && e.userId === discord.users.bot.id).at(-1)!.atMs;
    console.log(`[measure] invalid commit: op 31 → welcomed again in ${welcomedAtMs - injectedAtMs} ms; first frame heard ${back.atMs - result.startedAtMs} ms after speaking`);
  });

  it('a re-key that never completes (its welcome lost too): the bot rejoins voice and hears the candidate again', async () => {
    const h = await openLink();
    const { main } = discord.guilds;
    discord.voice.dave.dropBinaryToBot(main.id, 3); // proposals and commit for bob, then the welcome after op 31
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    await discord.waitFor(() => (discord.voice.dave.member(discord.users.alice.id)?.epoch === 2 ? true : undefined), 'alice at epoch 2');
    const identifiesBefore = discord.voiceStats(main.id).identifies;
    const sent = distinctPackets(300);
    const result = await discord.speak(discord.users.alice.id, sent, { trailingSilenceFrames: 0 });
    const back = firstHeardFrom(sent, h, 0);
    expect(back, 'heard again before the 6 s answer ended').not.toBeNull();
    expect(h.link.daveStats.keyPackageResends).toBeGreaterThanOrEqual(1);
    expect(h.link.daveStats.rejoins).toBe(1);
    expect(discord.voiceStats(main.id).identifies).toBeGreaterThan(identifiesBefore);
    expect(h.statuses).toContain('reconnecting');
    expect(h.statuses.at(-1)).toBe('ready');
    expect(h.logs.join('')).toMatch(/rejoining voice/);
    console.log(`[measure] lost welcome → rejoin: heard again ${back!.atMs - result.startedAtMs} ms after the answer started (frame ${back!.index})`);
  });
});
