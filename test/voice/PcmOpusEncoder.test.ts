import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { OpusEncoder } from '../../src/voice/opus.ts';
import { PcmOpusEncoder, SPEECH_ENCODER_COMPLEXITY } from '../../src/voice/PcmOpusEncoder.ts';

/** 24 kHz mono: 960 bytes per 20 ms frame. */
const FRAME = 960;
const tone = (frames: number): Buffer => {
  const pcm = Buffer.alloc(frames * FRAME);
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(8_000 * Math.sin(i / 4)), i * 2);
  return pcm;
};

describe('PcmOpusEncoder', () => {
  it('encodes only what the reader pulls: a whole reply written at once waits as PCM, a frame per packet read', async () => {
    const encoder = new PcmOpusEncoder({ sampleRateHz: 24_000, channels: 1 });
    encoder.write(tone(40));
    await tick();
    // Nothing read yet: no frame encoded ahead of a reader.
    expect(encoder.readableLength).toBe(0);
    expect(encoder.pendingBytes).toBe(40 * FRAME);
    expect(encoder.read()).not.toBeNull();
    await tick();
    // A few packets kept ready, the rest still PCM.
    expect(encoder.readableLength).toBeLessThanOrEqual(4);
    expect(encoder.pendingBytes).toBeGreaterThanOrEqual(35 * FRAME);
    const before = encoder.pendingBytes;
    expect(encoder.read()).not.toBeNull();
    await tick();
    expect(before - encoder.pendingBytes).toBe(FRAME);
  });

  it('makes the writer wait once a second of PCM is pending, and lets it go on as packets are read', async () => {
    const encoder = new PcmOpusEncoder({ sampleRateHz: 24_000, channels: 1 });
    let written = false;
    encoder.write(tone(80), () => { written = true; });
    await tick();
    expect(written).toBe(false);
    for (let i = 0; i < 40 && !written; i++) {
      encoder.read();
      await tick();
    }
    expect(written).toBe(true);
    expect(encoder.pendingBytes).toBeLessThan(50 * FRAME);
  });

  it('turns chunks of any size into 20 ms packets, pads the last partial frame, and ends', async () => {
    const encoder = new PcmOpusEncoder({ sampleRateHz: 24_000, channels: 1 });
    const pcm = tone(3).subarray(0, 2 * FRAME + 301); // 2 frames and an odd byte count
    for (let offset = 0; offset < pcm.length; offset += 317) encoder.write(pcm.subarray(offset, offset + 317));
    encoder.end();
    const packets: Buffer[] = [];
    for await (const p of encoder) packets.push(p as Buffer);
    expect(packets).toHaveLength(3);
    const decoder = new OpusEncoder(24_000, 1);
    for (const p of packets) expect(decoder.decode(p).length).toBe(FRAME);
  });

  it('encodes at the speech complexity by default (cheaper than libopus\'s 10), and at the one asked for', async () => {
    const encode = async (complexity?: number): Promise<Buffer> => {
      const encoder = new PcmOpusEncoder({ sampleRateHz: 24_000, channels: 1, ...(complexity === undefined ? {} : { complexity }) });
      encoder.end(tone(10));
      const packets: Buffer[] = [];
      for await (const p of encoder) packets.push(p as Buffer);
      return Buffer.concat(packets);
    };
    const reference = (complexity: number): Buffer => {
      const e = new OpusEncoder(24_000, 1);
      e.setBitrate(32_000);
      e.applyEncoderCTL(4010, complexity);
      const pcm = tone(10);
      return Buffer.concat(Array.from({ length: 10 }, (_, i) => e.encode(pcm.subarray(i * FRAME, (i + 1) * FRAME))));
    };
    expect(SPEECH_ENCODER_COMPLEXITY).toBeLessThan(10);
    expect((await encode()).equals(reference(SPEECH_ENCODER_COMPLEXITY))).toBe(true);
    expect((await encode(10)).equals(reference(10))).toBe(true);
    expect(reference(10).equals(reference(SPEECH_ENCODER_COMPLEXITY))).toBe(false);
  });
});
