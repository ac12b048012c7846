import { OpusEncoder } from '../../src/voice/opus.ts';
import type { AudioResource } from '@discordjs/voice';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeTextToSpeech } from '../../src/ai/testing/FakeTextToSpeech.ts';
import { createSpeechResource } from '../../src/voice/createSpeechResource.ts';
import { PhraseCache } from '../../src/voice/PhraseCache.ts';
import { toAudioResource } from '../../src/voice/Playable.ts';
import { opusPacketDurationMs, TwentyMsOpus } from '../../src/voice/TwentyMsOpus.ts';
import { frameLevelDb } from '../../src/voice/VoiceActivityDetector.ts';
import { encodeWav, parseWav } from '../../src/voice/wav.ts';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { recognizeWithPocketsphinx } from '../harness/speech/pocketsphinx.ts';

const SENTENCE = 'Tell me about a difficult bug you fixed in production.';
let speech24k: Buffer;

beforeAll(async () => {
  speech24k = parseWav(await synthesizeWithFestival(SENTENCE, { sampleRateHz: 24_000 })).pcm;
}, 60_000);

/** Reads packets the way the AudioPlayer does: resource.read() while readable, one per tick. */
async function drain(resource: AudioResource<unknown>): Promise<Buffer[]> {
  const packets: Buffer[] = [];
  for (let idle = 0; idle < 500; ) {
    if (!resource.readable) {
      if (resource.ended) break;
    } else {
      const p = resource.read();
      if (p) {
        packets.push(p);
        idle = 0;
        continue;
      }
    }
    idle++;
    await new Promise((r) => setTimeout(r, 2));
  }
  return packets;
}

/** Decodes packets as a Discord client would (48 kHz stereo), and at 16 kHz mono for pocketsphinx. */
function decode(packets: Buffer[]): { samples48kPerChannel: number[]; pcm16k: Buffer } {
  const d48 = new OpusEncoder(48_000, 2);
  const d16 = new OpusEncoder(16_000, 1);
  return {
    samples48kPerChannel: packets.map((p) => d48.decode(p).length / 4),
    pcm16k: Buffer.concat(packets.map((p) => d16.decode(p))),
  };
}

describe('createSpeechResource', () => {
  it('plays streamed 24 kHz PCM as 20 ms Opus packets that decode back to recognisable speech', async () => {
    const tts = new FakeTextToSpeech({ render: () => speech24k, chunkBytes: 1234 });
    const resource = createSpeechResource(await tts.synthesize(SENTENCE));
    expect(resource.volume).toBeUndefined();
    const packets = await drain(resource);
    const { samples48kPerChannel, pcm16k } = decode(packets.slice(0, -5));
    // The player appends 5 silence frames; everything before is our audio, 20 ms each.
    expect(packets.slice(-5).every((p) => p.equals(Buffer.from([0xf8, 0xff, 0xfe])))).toBe(true);
    expect(new Set(samples48kPerChannel)).toEqual(new Set([960]));
    const durationMs = (speech24k.length / 48_000) * 1000;
    expect(samples48kPerChannel.length * 20).toBeGreaterThanOrEqual(durationMs);
    expect(samples48kPerChannel.length * 20).toBeLessThan(durationMs + 20);
    const loudFrames = Array.from({ length: pcm16k.length / 640 }, (_, i) => frameLevelDb(pcm16k.subarray(i * 640, i * 640 + 640))).filter((db) => db > -35);
    expect(loudFrames.length).toBeGreaterThan(durationMs / 20 / 3);
    const heard = await recognizeWithPocketsphinx(encodeWav(pcm16k, 16_000));
    expect(heard).toMatch(/difficult/);
    expect(heard).toMatch(/production/);
  }, 60_000);

  it('starts producing packets before the whole audio has arrived', async () => {
    const source = new PassThrough();
    const resource = createSpeechResource({ format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream: source });
    source.write(speech24k.subarray(0, 48_000)); // the first second
    const early: Buffer[] = [];
    for (let i = 0; i < 200 && early.length < 40; i++) {
      const p = resource.readable ? resource.read() : null;
      if (p) early.push(p);
      else await new Promise((r) => setTimeout(r, 2));
    }
    expect(early.length).toBe(40);
    expect(resource.ended).toBe(false);
    source.end(speech24k.subarray(48_000));
    const rest = await drain(resource);
    expect(early.length + rest.length - 5).toBe(Math.ceil(speech24k.length / 960));
  });

  it('refuses a sample rate Opus cannot encode without resampling, and surfaces stream errors', async () => {
    expect(() => createSpeechResource({ format: 'pcm_s16le', sampleRateHz: 22_050, channels: 1, stream: new PassThrough() })).toThrow(/22050 Hz/);
    const source = new PassThrough();
    const resource = createSpeechResource({ format: 'pcm_s16le', sampleRateHz: 24_000, channels: 1, stream: source });
    const failed = new Promise<Error>((resolve) => resource.playStream.once('error', resolve));
    source.destroy(new Error('tts connection reset'));
    expect((await failed).message).toBe('tts connection reset');
  });

  it('demuxes Ogg Opus into packets played as they are', async () => {
    const resource = createSpeechResource({ format: 'ogg_opus', stream: new PassThrough() });
    expect(resource.edges).toEqual([]);
    expect(resource.volume).toBeUndefined();
  });
});

describe('TwentyMsOpus', () => {
  it('passes 20 ms packets through and re-encodes 60 ms packets into 20 ms ones', async () => {
    expect(opusPacketDurationMs(new OpusEncoder(24_000, 1).encode(speech24k.subarray(0, 960)))).toBe(20);
    const twenty = new TwentyMsOpus();
    const pass = [Buffer.from([0xfc, 1, 2]), Buffer.from([0xf8, 0xff, 0xfe])];
    expect(await collect(twenty, pass)).toEqual(pass);
    expect(twenty.transcoded).toBe(0);

    // 60 ms frames at 24 kHz mono: 1440 samples each.
    const enc = new OpusEncoder(24_000, 1);
    const frames = Math.floor(speech24k.length / 2880);
    const long = Array.from({ length: frames }, (_, i) => enc.encode(speech24k.subarray(i * 2880, i * 2880 + 2880)));
    expect(opusPacketDurationMs(long[0] as Buffer)).toBe(60);
    const out = await collect(new TwentyMsOpus(), long);
    expect(out.length).toBe(frames * 3);
    expect(out.every((p) => opusPacketDurationMs(p) === 20)).toBe(true);
    const heard = await recognizeWithPocketsphinx(encodeWav(decode(out).pcm16k, 16_000));
    expect(heard).toMatch(/production/);
  }, 60_000);
});

async function collect(transform: TwentyMsOpus, packets: Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  transform.on('data', (p: Buffer) => out.push(p));
  const ended = new Promise((r) => transform.once('end', r));
  for (const p of packets) transform.write(p);
  transform.end();
  await ended;
  return out;
}

describe('PhraseCache', () => {
  it('synthesises a phrase once and replays it as new resources', async () => {
    const tts = new FakeTextToSpeech({ render: () => speech24k.subarray(0, 24_000) }); // 500 ms
    const cache = new PhraseCache(tts);
    await cache.warm(['Thanks.', 'Got it.']);
    expect(cache.has('Thanks.')).toBe(true);
    const a = await drain(toAudioResource(await cache.resource('Thanks.')));
    const b = await drain(toAudioResource(await cache.resource('Thanks.')));
    expect(a.length).toBe(25 + 5);
    expect(b).toEqual(a);
    expect(tts.calls.map((c) => c.text)).toEqual(['Thanks.', 'Got it.']);
    expect(await cache.sizeBytes()).toBeGreaterThan(0);
  });

  it('forgets a failed synthesis so the next use retries', async () => {
    const tts = new FakeTextToSpeech().failNext(1);
    const cache = new PhraseCache(tts);
    await expect(cache.resource('Recording notice.')).rejects.toThrow(/rate limited/);
    expect(cache.has('Recording notice.')).toBe(false);
    expect((await drain(toAudioResource(await cache.resource('Recording notice.')))).length).toBeGreaterThan(5);
    expect(tts.calls.map((c) => c.outcome)).toEqual(['error', 'ok']);
  });
});
