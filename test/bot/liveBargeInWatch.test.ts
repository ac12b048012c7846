import { describe, expect, it } from 'vitest';
import { BARGE_IN_VOICED_PACKETS, BargeInWatch } from '../../src/bot/live/BargeInWatch.ts';
import type { OpusPacket } from '../../src/voice/ReceiveDecoder.ts';

const voice = (atMs: number): OpusPacket => ({ opus: Buffer.alloc(60, 1), receivedAtMs: atMs }) as OpusPacket;
const silence = (atMs: number): OpusPacket => ({ opus: Buffer.from([0xf8, 0xff, 0xfe]), receivedAtMs: atMs }) as OpusPacket;

function watch(fromMs = 1_000): { w: BargeInWatch; fired: number[] } {
  const fired: number[] = [];
  const w = new BargeInWatch({ fromMs, onBargeIn: () => fired.push(fired.length) });
  return { w, fired };
}

describe('BargeInWatch', () => {
  it('fires once, after 100 ms of voice without a break, and says when that speech began', () => {
    const { w, fired } = watch();
    for (let k = 0; k < BARGE_IN_VOICED_PACKETS - 1; k++) w.push(voice(2_000 + k * 20));
    expect(fired).toEqual([]);
    w.push(voice(2_000 + (BARGE_IN_VOICED_PACKETS - 1) * 20));
    expect(fired).toEqual([0]);
    expect(w.fired).toBe(true);
    expect(w.speechStartedAtMs).toBe(2_000);
    for (let k = 0; k < 20; k++) w.push(voice(2_200 + k * 20));
    expect(fired).toEqual([0]);
  });

  it('ignores the bot\'s first second: packets before fromMs neither count nor are held', () => {
    const { w, fired } = watch(1_000);
    for (let k = 0; k < 30; k++) w.push(voice(300 + k * 20));
    expect(fired).toEqual([]);
    expect(w.take()).toEqual([]);
    expect(w.speechStartedAtMs).toBeNull();
  });

  it('a silence frame ends a run: short noises separated by silence never fire', () => {
    const { w, fired } = watch();
    let t = 1_500;
    for (let burst = 0; burst < 10; burst++) {
      for (let k = 0; k < BARGE_IN_VOICED_PACKETS - 1; k++) w.push(voice((t += 20)));
      w.push(silence((t += 20)));
    }
    expect(fired).toEqual([]);
  });

  it('clicks far apart (no packets between them, as Discord sends none in silence) never add up to speech', () => {
    const { w, fired } = watch();
    for (let k = 0; k < 20; k++) w.push(voice(1_500 + k * 700));
    expect(fired).toEqual([]);
  });

  it('holds every packet from fromMs on, in order, for the answer; take() empties it', () => {
    const { w } = watch(1_000);
    const packets = [voice(700), voice(1_000), silence(1_020), voice(1_040), voice(1_060)];
    for (const p of packets) w.push(p);
    expect(w.take()).toEqual(packets.slice(1));
    expect(w.take()).toEqual([]);
  });

  it('speech that began in the first second and goes on past it is held from its start (the answer does not begin mid-word) and fires only after fromMs', () => {
    const { w, fired } = watch(1_000);
    w.push(voice(200)); // a click, then a gap: not part of what follows
    const early = Array.from({ length: 20 }, (_, k) => voice(600 + k * 20)); // 600–980 ms
    for (const p of early) w.push(p);
    expect(fired).toEqual([]);
    const later = Array.from({ length: BARGE_IN_VOICED_PACKETS }, (_, k) => voice(1_000 + k * 20));
    for (const p of later.slice(0, -1)) w.push(p);
    expect(fired).toEqual([]); // the first second's packets never fire on their own
    w.push(later.at(-1)!);
    expect(fired).toEqual([0]);
    expect(w.speechStartedAtMs).toBe(600);
    expect(w.take()).toEqual([...early, ...later]);
  });

  it('what stopped within the first second (a cough, an echo of the bot) is dropped, even if speech follows', () => {
    const { w, fired } = watch(1_000);
    for (let k = 0; k < 10; k++) w.push(voice(500 + k * 20)); // ends at 680 ms
    w.push(silence(700));
    const later = Array.from({ length: BARGE_IN_VOICED_PACKETS }, (_, k) => voice(1_300 + k * 20));
    for (const p of later) w.push(p);
    expect(fired).toEqual([0]);
    expect(w.speechStartedAtMs).toBe(1_300);
    expect(w.take()).toEqual(later);
  });
});
