import { once } from 'node:events';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import opus from '@discordjs/opus';
import { EndBehaviorType, entersState, joinVoiceChannel, VoiceConnectionStatus, type VoiceConnection } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startLocalDiscord, type LocalDiscord, type LocalDiscordOptions } from '../harness/discord/LocalDiscord.ts';

// @discordjs/opus is CommonJS: named imports fail under plain Node (they only work under vitest).
const { OpusEncoder } = opus;

/** Trusts the stand-in's voice certificate in this (test) process only. */
export function trustLocalDiscord(discord: LocalDiscord): void {
  setDefaultCACertificates([...getCACertificates('default'), discord.caCertPem]);
}

/** A real discord.js client logged in to the local Discord. */
export async function loginClient(discord: LocalDiscord): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: discord.restUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  return client;
}

/** A fresh local Discord, trusted by this process, and a client logged in to it (each voice self-test starts so). */
export async function startWithClient(opts: LocalDiscordOptions = {}): Promise<{ discord: LocalDiscord; client: Client }> {
  const discord = await startLocalDiscord(opts);
  trustLocalDiscord(discord);
  return { discord, client: await loginClient(discord) };
}

/** Ends a voice self-test: the voice connection (if any), then the client, then the local Discord. */
export async function stopWithClient(discord: LocalDiscord, client: Client, connection?: VoiceConnection): Promise<void> {
  connection?.destroy();
  await client.destroy();
  await discord.close();
}

/** Joins the main guild's voice channel with @discordjs/voice and waits for Ready. */
export async function joinMainVoice(discord: LocalDiscord, client: Client, opts: { daveEncryption?: boolean; decryptionFailureTolerance?: number } = {}): Promise<VoiceConnection> {
  const { main } = discord.guilds;
  const guild = client.guilds.cache.get(main.id)!;
  const connection = joinVoiceChannel({ channelId: main.voiceChannelId, guildId: main.id, adapterCreator: guild.voiceAdapterCreator, selfDeaf: false, ...opts });
  await entersState(connection, VoiceConnectionStatus.Ready, 5000);
  return connection;
}

/** 20 ms Opus packets (48 kHz stereo) of a sine tone. */
export function sinePackets(frequencyHz: number, count: number): Buffer[] {
  const encoder = new OpusEncoder(48_000, 2);
  const out: Buffer[] = [];
  for (let f = 0; f < count; f++) {
    const frame = Buffer.alloc(960 * 4);
    for (let i = 0; i < 960; i++) {
      const v = Math.round(8000 * Math.sin((2 * Math.PI * frequencyHz * (f * 960 + i)) / 48_000));
      frame.writeInt16LE(v, i * 4);
      frame.writeInt16LE(v, i * 4 + 2);
    }
    out.push(encoder.encode(frame));
  }
  return out;
}

/**
 * Makes a user speak a few distinct packets and checks the client receives exactly them
 * (through receiver.subscribe): proves audio flows to the bot right now.
 */
export async function expectAudioRoundTrip(discord: LocalDiscord, connection: VoiceConnection, userId: string, count = 10): Promise<Buffer[]> {
  const stream = connection.receiver.subscribe(userId, { end: { behavior: EndBehaviorType.Manual } });
  const got: Buffer[] = [];
  const onData = (d: Buffer): void => void got.push(d);
  stream.on('data', onData);
  const packets = sinePackets(300 + Math.floor(Math.random() * 500), count);
  try {
    const result = await discord.speak(userId, packets, { trailingSilenceFrames: 0 });
    if (result.delivered !== count) throw new Error(`only ${result.delivered}/${count} packets delivered`);
    await discord.waitFor(() => (got.length >= count ? true : undefined), 'the client to receive the packets', 3000);
  } finally {
    stream.off('data', onData);
    stream.destroy();
  }
  if (!packets.every((p, i) => got[i]?.equals(p))) throw new Error('received packets differ from those sent');
  return got;
}
