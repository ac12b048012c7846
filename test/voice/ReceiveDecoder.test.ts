import { describe, expect, it } from 'vitest';
import { FRAME_BYTES, ReceiveDecoder } from '../../src/voice/ReceiveDecoder.ts';
import { encodeDiscordOpus } from '../harness/speech/discordOpus.ts';

/** 20 ms packets of a 440 Hz tone at 48 kHz, Discord-encoded. */
function tonePackets(count: number): Buffer[] {
  const pcm = Buffer.alloc(count * 960 * 2);
  for (let i = 0; i < count * 960; i++) pcm.writeInt16LE(Math.round(10_000 * Math.sin((2 * Math.PI * 440 * i) / 48_000)), i * 2);
  return encodeDiscordOpus(pcm);
}

function collect(startedAtMs: number): { decoder: ReceiveDecoder; frames: Buffer[] } {
  const frames: Buffer[] = [];
  const decoder = new ReceiveDecoder({ startedAtMs, jitterMs: 60 }, (f) => frames.push(Buffer.from(f)));
  return { decoder, frames };
}

const isSilent = (f: Buffer): boolean => f.every((b) => b === 0);

describe('ReceiveDecoder', () => {
  it('decodes 48 kHz stereo packets to 20 ms frames of 16 kHz mono and fills gaps from arrival times', () => {
    const packets = tonePackets(20);
    const { decoder, frames } = collect(0);
    // Speech starts after 1 s of nothing: its first packet arrives at 1020 ms.
    packets.slice(0, 10).forEach((opus, i) => decoder.push({ opus, receivedAtMs: 1020 + i * 20 }));
    // The user is silent for 500 ms, then speaks again.
    packets.slice(10).forEach((opus, i) => decoder.push({ opus, receivedAtMs: 1700 + i * 20 }));
    expect(frames.every((f) => f.length === FRAME_BYTES)).toBe(true);
    expect(frames.slice(0, 50).every(isSilent)).toBe(true);
    expect(frames.slice(50, 60).some(isSilent)).toBe(false);
    expect(frames.slice(60, 84).every(isSilent)).toBe(true);
    expect(frames.length).toBe(50 + 10 + 24 + 10);
    expect(decoder.emittedMs).toBe(1880);
    expect(decoder.packets).toBe(20);
  });

  it('appends jittery bursts without inventing silence, and skips corrupt packets', () => {
    const packets = tonePackets(12);
    const { decoder, frames } = collect(0);
    // Arrival times bunch up (3 packets at once every 60 ms): no gap is real.
    packets.forEach((opus, i) => decoder.push({ opus, receivedAtMs: 60 + Math.floor(i / 3) * 60 }));
    decoder.push({ opus: Buffer.from([0xff, 0x00, 0x13]), receivedAtMs: 300 });
    expect(frames).toHaveLength(12);
    expect(frames.some(isSilent)).toBe(false);
    expect(decoder.decodeErrors).toBe(1);
    expect(decoder.insertedSilenceMs).toBe(0);
  });

  it('advances the timeline with silence while no packets arrive, keeping the jitter allowance', () => {
    const { decoder, frames } = collect(1000);
    decoder.advanceTo(2000);
    expect(frames.length).toBe(Math.floor((1000 - 60) / 20));
    decoder.flushTo(2000);
    expect(decoder.emittedMs).toBe(1000);
    expect(frames.every(isSilent)).toBe(true);
  });

  it('takes PCM a voice thread already decoded as is (no second decode), and counts an empty one as a decode error', () => {
    const { decoder, frames } = collect(0);
    const marked = Buffer.alloc(FRAME_BYTES, 7); // not what the Opus packet decodes to
    decoder.push({ opus: tonePackets(1)[0]!, receivedAtMs: 20, pcm: marked });
    decoder.push({ opus: Buffer.from([1, 2, 3]), receivedAtMs: 40, pcm: Buffer.alloc(0) });
    expect(frames).toEqual([marked]);
    expect(decoder.packets).toBe(1);
    expect(decoder.decodeErrors).toBe(1);
  });
});
