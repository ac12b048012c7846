import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { OpusEncoder } from '../../src/voice/opus.ts';
import { PcmOpusEncoder } from '../../src/voice/PcmOpusEncoder.ts';

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
});
