import { setTimeout as sleep } from 'node:timers/promises';
import { SILENCE_FRAME, type RtpFields } from './rtp.ts';

export interface SpeakOptions {
  /** Probability (0..1) that each packet is lost on the way (default 0). */
  lossRate?: number;
  /** Each packet leaves up to this many ms late (uniform random; packets may reorder). Default 0. */
  jitterMs?: number;
  /** Opus silence frames sent after the audio, as Discord clients do when they stop (default 5). */
  trailingSilenceFrames?: number;
  /** Seed of the loss/jitter random numbers (default 1): runs are reproducible. */
  seed?: number;
  signal?: AbortSignal;
  /** The first this many frames leave without DAVE encryption, as a client sends them around a transition (default 0). */
  plaintextFrames?: number;
}

export interface SpeakResult {
  /** Packets in the burst (including trailing silence frames). */
  packets: number;
  /** Packets that reached the bot's socket. */
  delivered: number;
  /** Packets dropped by the simulated loss. */
  lost: number;
  /** Packets not deliverable: the bot was not connected (ready) in the user's channel. */
  notDelivered: number;
  startedAtMs: number;
  /** When the last delivered packet left (ms since epoch), or null. */
  lastDeliveredAtMs: number | null;
  /** Stopped early by the signal (or by closing the stand-in). */
  aborted: boolean;
}

/** Sends one packet to the bot if it is listening in the user's channel; false otherwise. */
export type Deliver = (opus: Buffer, rtp: RtpFields, nonceCounter: number, index: number) => boolean;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One fake user's RTP stream: an SSRC with its sequence, timestamp and nonce counters. */
export class FakeSpeaker {
  readonly ssrc: number;
  #sequence = Math.floor(Math.random() * 65536);
  #timestamp = Math.floor(Math.random() * 2 ** 32);
  #nonce = 0;
  #lastEndMs: number | null = null;

  constructor(ssrc: number) {
    this.ssrc = ssrc;
  }

  /** Sends the packets at real-time pace (one per 20 ms) through `deliver`. */
  async speak(opusPackets: Buffer[], opts: SpeakOptions, deliver: Deliver): Promise<SpeakResult> {
    const all = [...opusPackets, ...Array.from({ length: opts.trailingSilenceFrames ?? 5 }, () => SILENCE_FRAME)];
    const random = mulberry32(opts.seed ?? 1);
    const startMs = performance.now();
    const result: SpeakResult = { packets: all.length, delivered: 0, lost: 0, notDelivered: 0, startedAtMs: Date.now(), lastDeliveredAtMs: null, aborted: false };
    if (this.#lastEndMs !== null) this.#timestamp += Math.max(0, Math.round((startMs - this.#lastEndMs) / 20)) * 960;
    const firstSequence = this.#sequence;
    const firstTimestamp = this.#timestamp;
    const schedule = all.map((opus, i) => ({
      opus, i, atMs: startMs + i * 20 + (opts.jitterMs ? random() * opts.jitterMs : 0), lose: random() < (opts.lossRate ?? 0),
    })).sort((a, b) => a.atMs - b.atMs);
    for (const item of schedule) {
      const waitMs = item.atMs - performance.now();
      if (waitMs > 0) await sleep(waitMs, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(() => undefined);
      if (opts.signal?.aborted) {
        result.aborted = true;
        break;
      }
      if (item.lose) {
        result.lost++;
        continue;
      }
      this.#nonce = (this.#nonce + 1) >>> 0;
      const rtp: RtpFields = {
        sequence: (firstSequence + item.i) & 0xffff, timestamp: (firstTimestamp + item.i * 960) >>> 0, ssrc: this.ssrc, marker: item.i === 0,
      };
      if (deliver(item.opus, rtp, this.#nonce, item.i)) {
        result.delivered++;
        result.lastDeliveredAtMs = Date.now();
      } else {
        result.notDelivered++;
      }
    }
    this.#sequence = (firstSequence + all.length) & 0xffff;
    this.#timestamp = (firstTimestamp + all.length * 960) >>> 0;
    this.#lastEndMs = performance.now();
    return result;
  }
}
