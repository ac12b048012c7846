import { OpusEncoder } from './opus.ts';

/** One Opus packet as the @discordjs/voice receiver delivers it, with its arrival time. */
export interface OpusPacket {
  opus: Buffer;
  /** Clock time (ms since the epoch, or any monotonic ms base shared with the listener) it arrived. */
  receivedAtMs: number;
  /**
   * The packet already decoded to 16 kHz mono s16le (a voice thread decodes as packets arrive, off
   * the interviews' thread); empty when it did not decode. Absent: decoded here.
   */
  pcm?: Buffer;
}

/** PCM produced by the decoder: 16 kHz mono s16le. */
export const RECEIVE_SAMPLE_RATE_HZ = 16_000;
/** Duration of one frame handed downstream. */
export const FRAME_MS = 20;
/** Bytes in one 20 ms frame of 16 kHz mono s16le. */
export const FRAME_BYTES = (RECEIVE_SAMPLE_RATE_HZ / 1000) * FRAME_MS * 2;

const SILENCE_FRAME = Buffer.alloc(FRAME_BYTES);

/** Options of {@link ReceiveDecoder}. */
export interface ReceiveDecoderOptions {
  /** Clock time at which the audio timeline starts (listening began). */
  startedAtMs: number;
  /**
   * Lateness tolerated before a gap is filled with silence, in ms. Packets arriving in bursts
   * after network jitter are appended without gaps; only a real silence (Discord sends nothing
   * while a user is silent) or a long loss becomes inserted silence. Default 60.
   */
  jitterMs?: number;
}

/**
 * Turns a user's Opus packets (48 kHz stereo from Discord) into a gapless timeline of 20 ms
 * frames of 16 kHz mono PCM. libopus decodes at 16 kHz itself, so there is no resampler.
 * Silence is inserted for gaps between arrival times; a packet that fails to decode is
 * counted and skipped, never fatal. Frames are handed to `onFrame` synchronously; a frame
 * buffer may be shared (silence) and must not be modified by the receiver.
 */
export class ReceiveDecoder {
  /** Packets that could not be decoded (corrupt or undecryptable). */
  decodeErrors = 0;
  /** Packets decoded. */
  packets = 0;
  /** Silence inserted for gaps, in ms. */
  insertedSilenceMs = 0;
  readonly #decoder = new OpusEncoder(RECEIVE_SAMPLE_RATE_HZ, 1);
  readonly #jitterMs: number;
  readonly #onFrame: (frame: Buffer) => void;
  /** Clock time corresponding to the end of the audio emitted so far. */
  #timelineEndMs: number;
  /** Decoded bytes not yet forming a whole frame (packets shorter than 20 ms). */
  #pending: Buffer | null = null;

  constructor(options: ReceiveDecoderOptions, onFrame: (frame: Buffer) => void) {
    this.#timelineEndMs = options.startedAtMs;
    this.#jitterMs = options.jitterMs ?? 60;
    this.#onFrame = onFrame;
  }

  /** Audio emitted so far, in ms (the timeline's length). */
  get emittedMs(): number {
    return this.#emittedFrames * FRAME_MS;
  }
  #emittedFrames = 0;

  /** Decodes one packet, first filling any gap since the previous audio with silence. */
  push(packet: OpusPacket): void {
    let pcm: Buffer;
    try {
      pcm = packet.pcm ?? this.#decoder.decode(packet.opus);
    } catch {
      pcm = Buffer.alloc(0);
    }
    if (pcm.length === 0) {
      this.decodeErrors++;
      return;
    }
    this.packets++;
    const durationMs = pcm.length / 32;
    const latenessMs = packet.receivedAtMs - (this.#timelineEndMs + durationMs);
    if (latenessMs > this.#jitterMs) this.#fillSilence(Math.floor(latenessMs / FRAME_MS));
    this.#timelineEndMs += durationMs;
    this.#append(pcm);
  }

  /**
   * Advances the timeline to `nowMs` minus the jitter allowance with silence, so that pauses
   * are noticed while no packets arrive. Call it from a timer.
   */
  advanceTo(nowMs: number): void {
    const frames = Math.floor((nowMs - this.#jitterMs - this.#timelineEndMs) / FRAME_MS);
    if (frames > 0) this.#fillSilence(frames);
  }

  /** Fills the timeline with silence up to `nowMs` exactly (used when the answer ends). */
  flushTo(nowMs: number): void {
    const frames = Math.floor((nowMs - this.#timelineEndMs) / FRAME_MS);
    if (frames > 0) this.#fillSilence(frames);
  }

  #fillSilence(frames: number): void {
    if (this.#pending) {
      // Complete the partial frame with zeros so frames stay aligned.
      const padded = Buffer.alloc(FRAME_BYTES);
      this.#pending.copy(padded);
      this.#pending = null;
      this.#emit(padded);
    }
    this.#timelineEndMs += frames * FRAME_MS;
    this.insertedSilenceMs += frames * FRAME_MS;
    for (let i = 0; i < frames; i++) this.#emit(SILENCE_FRAME);
  }

  #append(pcm: Buffer): void {
    if (!this.#pending && pcm.length === FRAME_BYTES) {
      this.#emit(pcm);
      return;
    }
    let data = this.#pending ? Buffer.concat([this.#pending, pcm]) : pcm;
    while (data.length >= FRAME_BYTES) {
      this.#emit(data.subarray(0, FRAME_BYTES));
      data = data.subarray(FRAME_BYTES);
    }
    this.#pending = data.length > 0 ? Buffer.from(data) : null;
  }

  #emit(frame: Buffer): void {
    this.#emittedFrames++;
    this.#onFrame(frame);
  }
}
