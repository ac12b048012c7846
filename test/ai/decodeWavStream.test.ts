import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeWavStream } from '../../src/ai/decodeWavStream.ts';
import { encodeWav } from '../../src/voice/wav.ts';

/** A sine tone as s16le, interleaved over `channels`. */
function tone(hz: number, rateHz: number, seconds: number, channels = 1): Buffer {
  const frames = Math.round(rateHz * seconds);
  const out = Buffer.alloc(frames * 2 * channels);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) out.writeInt16LE(Math.round(12_000 * Math.sin((2 * Math.PI * hz * i) / rateHz)), (i * channels + c) * 2);
  return out;
}

/** Streams `bytes` in chunks of `size` (odd sizes split samples and the header). */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function all(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function zeroCrossings(pcm: Buffer): number {
  let n = 0;
  for (let i = 2; i + 1 < pcm.length; i += 2) if ((pcm.readInt16LE(i) >= 0) !== (pcm.readInt16LE(i - 2) >= 0)) n++;
  return n;
}

/** A WAV with a LIST chunk before `data` and another chunk after it. */
function withChunks(pcm: Buffer, rateHz: number): Buffer {
  const wav = encodeWav(pcm, rateHz);
  const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx', 'latin1'), Buffer.alloc(1)]);
  const trailer = Buffer.concat([Buffer.from('id3 ', 'latin1'), Buffer.from([4, 0, 0, 0]), Buffer.from('TAG!', 'latin1')]);
  return Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36), trailer]);
}

describe('decodeWavStream', () => {
  it('passes 16-bit PCM at an Opus rate through unchanged, whatever the chunking, skipping other chunks', async () => {
    const pcm = tone(440, 24_000, 0.5);
    for (const size of [7, 1_000, 1 << 20]) {
      const decoded = await decodeWavStream(chunked(withChunks(pcm, 24_000), size));
      expect(decoded).toMatchObject({ sampleRateHz: 24_000, channels: 1 });
      expect((await all(decoded.stream)).equals(pcm)).toBe(true);
    }
  });

  it('reads a streamed WAV whose header gives no size to the end', async () => {
    const pcm = tone(300, 16_000, 0.3);
    const wav = encodeWav(pcm, 16_000);
    wav.writeUInt32LE(0xffff_ffff, 4);
    wav.writeUInt32LE(0xffff_ffff, 40);
    const decoded = await decodeWavStream(chunked(wav, 333));
    expect((await all(decoded.stream)).equals(pcm)).toBe(true);
  });

  it('converts 32-bit float stereo to 16-bit', async () => {
    const floats = [0, 0.5, -0.5, 1, -1, 0.25];
    const body = Buffer.alloc(floats.length * 4);
    floats.forEach((v, i) => body.writeFloatLE(v, i * 4));
    const wav = encodeWav(body, 48_000, 2);
    wav.writeUInt16LE(3, 20); // IEEE float
    wav.writeUInt16LE(8, 32); // block align
    wav.writeUInt16LE(32, 34); // bits
    const decoded = await decodeWavStream(chunked(wav, 5));
    expect(decoded).toMatchObject({ sampleRateHz: 48_000, channels: 2 });
    const out = await all(decoded.stream);
    expect(Array.from({ length: 6 }, (_, i) => out.readInt16LE(i * 2))).toEqual([0, 16_384, -16_384, 32_767, -32_768, 8_192]);
  });

  it('resamples a rate Opus does not take (22.05 kHz) to 48 kHz, keeping duration and pitch', async () => {
    const pcm = tone(440, 22_050, 1);
    const decoded = await decodeWavStream(chunked(encodeWav(pcm, 22_050), 4_097));
    expect(decoded).toMatchObject({ sampleRateHz: 48_000, channels: 1 });
    const out = await all(decoded.stream);
    expect(Math.abs(out.length / 2 - 48_000)).toBeLessThan(10);
    // 440 Hz crosses zero 880 times a second, at any sample rate.
    expect(Math.abs(zeroCrossings(out) - 880)).toBeLessThan(5);
  });

  it('refuses what is not a WAV file, with what it started with, as a non-retryable AiError', async () => {
    await expect(decodeWavStream(chunked(Buffer.from('{"error":{"message":"nope"}}'), 4))).rejects.toMatchObject({
      name: 'AiError', capability: 'tts', retryable: false, message: 'tts reply is not a usable WAV file: not a RIFF/WAVE file (starts with "{"error":{"messa")',
    });
    await expect(decodeWavStream(chunked(encodeWav(Buffer.alloc(0), 24_000).subarray(0, 30), 8))).rejects.toThrow('the body ended inside the WAV header');
    const mulaw = encodeWav(Buffer.alloc(100), 8_000);
    mulaw.writeUInt16LE(7, 20);
    await expect(decodeWavStream(chunked(mulaw, 100))).rejects.toThrow('WAV sample format 7 with 16 bits is not supported');
  });

  it('fails the decoded stream with the source’s error after the header', async () => {
    const wav = encodeWav(tone(440, 24_000, 0.2), 24_000);
    const source = new Readable({ read() {} });
    source.push(wav.subarray(0, 1_000));
    const decoded = await decodeWavStream(source);
    setTimeout(() => source.destroy(new Error('body cut off')), 10);
    await expect(all(decoded.stream)).rejects.toThrow('body cut off');
  });
});
