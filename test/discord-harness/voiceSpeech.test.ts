import { Readable } from 'node:stream';
import opus from '@discordjs/opus';
import { createAudioPlayer, createAudioResource, EndBehaviorType, StreamType, type VoiceConnection } from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/voice/wav.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { festivalOpusPackets } from '../harness/speech/discordOpus.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { recognizeWithPocketsphinx } from '../harness/speech/pocketsphinx.ts';
import { joinMainVoice, startWithClient, stopWithClient } from './testClient.ts';

// @discordjs/opus is CommonJS: named imports fail under plain Node (they only work under vitest).
const { OpusEncoder } = opus;

describe('local Discord: real speech both ways (festival → Opus → pocketsphinx)', () => {
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

  it('the bot\'s spoken sentence, captured by the stand-in, is recognised; a user\'s WAV reaches the bot intact', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    discord.userJoinVoice(alice, main.voiceChannelId);
    connection = await joinMainVoice(discord, client);
    await discord.waitForVoiceReady(main.id);

    const player = createAudioPlayer();
    connection.subscribe(player);
    const startedAtMs = Date.now();
    player.play(createAudioResource(Readable.from(await festivalOpusPackets('tell me about your last project')), { inputType: StreamType.Opus }));
    const utterance = await discord.waitForBotUtterance(main.id, { sinceMs: startedAtMs, minPackets: 20 });
    expect(utterance.length).toBeGreaterThan(50);
    const heard = await recognizeWithPocketsphinx(discord.botAudioWav(main.id, startedAtMs));
    // Captured at real-time pace on a loaded machine: pocketsphinx may hear "product" for "project".
    expect(heard).toMatch(/about your last/);
    expect(heard).toMatch(/project|product/);

    const stream = connection.receiver.subscribe(alice, { end: { behavior: EndBehaviorType.Manual } });
    const received: Buffer[] = [];
    stream.on('data', (d: Buffer) => received.push(d));
    const result = await discord.speak(alice, await synthesizeWithFestival('I built a distributed cache'));
    await discord.waitFor(() => (received.length >= result.delivered ? true : undefined), 'the WAV at the client');
    const decoder = new OpusEncoder(16_000, 1);
    const pcm = Buffer.concat(received.map((p) => decoder.decode(p)));
    expect(await recognizeWithPocketsphinx(encodeWav(pcm, 16_000, 1))).toMatch(/cache|cash/);
  });
});
