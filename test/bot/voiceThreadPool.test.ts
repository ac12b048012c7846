import { Readable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { FakeTextToSpeech } from '../../src/ai/testing/FakeTextToSpeech.ts';
import type { VoiceLinkOptions } from '../../src/bot/live/InterviewVoice.ts';
import type { VoiceLinkStatus } from '../../src/bot/live/VoiceReconnector.ts';
import { VoiceThreadPool } from '../../src/bot/voiceThreads/VoiceThreadPool.ts';
import { UserError } from '../../src/UserError.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { sinePackets, startWithClient, stopWithClient } from '../discord-harness/testClient.ts';

/** 24 kHz mono PCM of a 440 Hz tone, `ms` long. */
function tone(ms: number): Buffer {
  const pcm = Buffer.alloc((24_000 * ms) / 1000 * 2);
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)), i * 2);
  return pcm;
}

describe('VoiceThreadPool: interviews\' voice in a worker thread, through the local Discord', () => {
  let discord: LocalDiscord;
  let client: Client;
  let pool: VoiceThreadPool;
  const logger = pino({ level: 'silent' });

  beforeEach(async () => {
    ({ discord, client } = await startWithClient());
    pool = new VoiceThreadPool({ threads: 1, logger, allowInsecureTlsForTests: true });
  });
  afterEach(async () => {
    await pool.close();
    await stopWithClient(discord, client);
  });

  function linkOptions(heard: { packet: Buffer; at: number; pcm?: Buffer | undefined }[], statuses: VoiceLinkStatus[]): VoiceLinkOptions {
    const { main } = discord.guilds;
    return {
      guildId: main.id, channelId: main.voiceChannelId, adapterCreator: client.guilds.cache.get(main.id)!.voiceAdapterCreator,
      candidateUserId: discord.users.alice.id, logger, readyTimeoutMs: 10_000,
      onCandidatePacket: (packet, at, pcm) => heard.push({ packet: Buffer.from(packet), at, pcm }),
      onStatus: (s) => statuses.push(s),
    };
  }

  it('joins, hears only the candidate (byte-identical, arrival times on the caller\'s clock), says packets and streamed speech, and leaves', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    discord.userJoinVoice(discord.users.bob.id, main.voiceChannelId);
    const heard: { packet: Buffer; at: number; pcm?: Buffer | undefined }[] = [];
    const link = await pool.open(linkOptions(heard, []));
    expect(discord.botVoiceChannel(main.id)).toBe(main.voiceChannelId);
    expect(pool.linksPerThread).toEqual([1]);
    await discord.waitForVoiceReady(main.id);

    const sent = sinePackets(440, 25);
    const before = performance.now();
    await Promise.all([discord.speak(alice, sent, { trailingSilenceFrames: 0 }), discord.speak(discord.users.bob.id, sinePackets(300, 25), { trailingSilenceFrames: 0 })]);
    await discord.waitFor(() => (heard.length >= 25 ? true : undefined), 'the candidate\'s packets on the main thread').catch((e: unknown) => {
      throw new Error(`${String(e)}; heard ${heard.length} of 25`);
    });
    expect(heard.map((h) => h.packet)).toEqual(sent); // bob is never heard
    expect(heard.every((h) => h.pcm?.length === 640)).toBe(true); // decoded in the thread: 20 ms of 16 kHz mono
    expect(heard.slice(5).every((h) => h.pcm!.some((b) => b !== 0))).toBe(true); // the tone, not silence
    expect(heard[0]!.at).toBeGreaterThanOrEqual(before);
    expect(heard.at(-1)!.at).toBeLessThanOrEqual(performance.now());
    expect(heard.at(-1)!.at - heard[0]!.at).toBeGreaterThan(300); // 24 frames apart: stamped at arrival, not at delivery

    const phrase = sinePackets(660, 30);
    await link.say({ kind: 'opus', packets: phrase });
    const utterance = await discord.waitForBotUtterance(main.id, { minPackets: 30 });
    expect(utterance.map((p) => p.opus)).toEqual(phrase);

    const since = Date.now();
    const audio = await new FakeTextToSpeech({ render: () => tone(1_000), chunkBytes: 3_000 }).synthesize('Question?');
    await link.say({ kind: 'speech', audio });
    const spoken = await discord.waitForBotUtterance(main.id, { sinceMs: since, minPackets: 45 });
    expect(spoken.length).toBeGreaterThanOrEqual(50); // 1 s of 20 ms frames (encoded in the thread)
    expect(audio.stream.destroyed).toBe(true);

    await link.close();
    await discord.waitFor(() => (discord.botVoiceChannel(main.id) === null ? true : undefined), 'the bot out of the channel');
    expect(pool.linksPerThread).toEqual([0]);
    expect(discord.errors).toEqual([]);
  });

  it('stops speech at once when its signal aborts, and destroys the synthesis', async () => {
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    const link = await pool.open(linkOptions([], []));
    // A synthesis that never ends (100 ms of audio every 20 ms, faster than it plays, as a TTS streams).
    const endless = new Readable({ read() { setTimeout(() => this.push(tone(100)), 20); } });
    const stop = new AbortController();
    const saying = link.say({ kind: 'speech', audio: { format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream: endless } }, stop.signal);
    await discord.waitFor(() => (discord.botAudio(main.id).length > 20 ? true : undefined), 'the bot speaking');
    stop.abort();
    await saying;
    expect(endless.destroyed).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const after = discord.botAudio(main.id).length;
    await new Promise((r) => setTimeout(r, 500));
    expect(discord.botAudio(main.id).length).toBe(after); // nothing more is sent
    await link.close();
  });

  it('speech whose synthesis already failed before it was said (a prepared one) ends at once instead of waiting for audio', async () => {
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    const link = await pool.open(linkOptions([], []));
    const broken = new Readable({ read() {} });
    broken.on('error', () => undefined);
    broken.destroy(new Error('terminated: other side closed'));
    await new Promise((r) => setImmediate(r));
    const started = Date.now();
    await link.say({ kind: 'speech', audio: { format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream: broken } });
    expect(Date.now() - started).toBeLessThan(2_000);
    await link.close();
  });

  it('a voice thread that dies loses only its links (status lost); the next interview gets a new thread', async () => {
    const { main } = discord.guilds;
    discord.userJoinVoice(discord.users.alice.id, main.voiceChannelId);
    const statuses: VoiceLinkStatus[] = [];
    const link = await pool.open(linkOptions([], statuses));
    await pool.killThreads();
    expect(statuses).toEqual(['lost']);
    await expect(link.say({ kind: 'opus', packets: sinePackets(500, 5) })).resolves.toBeUndefined();
    await link.close();
    // The old connection is gone with its thread; the local Discord drops the bot's voice state after its session closes.
    const again = await pool.open(linkOptions([], []));
    expect(pool.linksPerThread).toEqual([1]);
    await again.close();
  });

  it('a join that cannot complete is the user\'s voice_join_failed, and leaves nothing behind', async () => {
    const options = { ...linkOptions([], []), channelId: '999999999999999999', readyTimeoutMs: 1_500 };
    const error = await pool.open(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('voice_join_failed');
    expect(pool.linksPerThread).toEqual([0]);
  });
});
