import { OpusEncoder } from './opus.ts';
import { Duplex } from 'node:stream';

/** Sample rates libopus encodes natively (no resampling). */
export const OPUS_RATES_HZ: ReadonlySet<number> = new Set([8_000, 12_000, 16_000, 24_000, 48_000]);

/** Duration of every packet produced; the Discord player sends one packet per 20 ms tick. */
export const PLAYBACK_FRAME_MS = 20;

/** Encoded packets kept ready for the reader (the player reads one per tick). */
const READY_PACKETS = 4;
/** PCM accepted ahead of the reader before the writer is told to wait (backpressure), in frames: 1 s. */
const PCM_AHEAD_FRAMES = 50;

/** libopus CTL number (opus_defines.h). */
const OPUS_SET_COMPLEXITY_REQUEST = 4010;

/**
 * libopus encoder complexity (0–10; libopus defaults to 10) for the bot's speech. Encoding is
 * the bot's largest per-interview cost: measured here (24 kHz mono, 32 kbps, 2 busy cores) 146 µs
 * per 20 ms frame at 10, 92 µs at 5. WebRTC uses 5 on phones; for synthesised speech at 32 kbps
 * the difference is not audible in a voice channel, and the same CPU plays ~1.6× the interviews.
 */
export const SPEECH_ENCODER_COMPLEXITY = 5;

/** Options of {@link PcmOpusEncoder}. */
export interface PcmOpusEncoderOptions {
  /** One of 8000, 12000, 16000, 24000, 48000. */
  sampleRateHz: number;
  channels: 1 | 2;
  /** Default 32 000 per channel. */
  bitrateBps?: number;
  /** libopus complexity 0–10 (default {@link SPEECH_ENCODER_COMPLEXITY}). */
  complexity?: number;
}

/**
 * Encodes s16le PCM, in chunks of any size, into Opus packets of exactly 20 ms each: a
 * readable in object mode, as @discordjs/voice plays with `StreamType.Opus`. libopus
 * encodes at the input rate itself (a 24 kHz mono frame is 480 samples), so there is no
 * resampler and no ffmpeg. The last partial frame is padded with silence.
 *
 * Encoding is pulled by the reader, a frame at a time: PCM is only buffered when written (up
 * to 1 s ahead, then the writer waits), and a frame is encoded when the reader wants a packet
 * (at most {@link READY_PACKETS} kept ready). A fast TTS reply therefore never turns into one
 * long synchronous burst of encoding (34 frames for a 64 KB chunk, blocking every other
 * interview's audio); the cost is spread over playback, one frame per 20 ms tick.
 */
export class PcmOpusEncoder extends Duplex {
  readonly frameBytes: number;
  readonly #encoder: OpusEncoder;
  /** Written PCM not yet encoded, in order; the first chunk is consumed from #offset. */
  readonly #chunks: Buffer[] = [];
  #offset = 0;
  #pendingBytes = 0;
  #wanted = false;
  #ended = false;
  #done = false;
  #writeCallback: ((error?: Error | null) => void) | null = null;
  readonly #frame: Buffer;

  constructor(options: PcmOpusEncoderOptions) {
    super({ readableObjectMode: true, readableHighWaterMark: READY_PACKETS });
    if (!OPUS_RATES_HZ.has(options.sampleRateHz)) {
      throw new Error(`Opus cannot encode ${options.sampleRateHz} Hz without resampling; use 8, 12, 16, 24 or 48 kHz`);
    }
    this.frameBytes = (options.sampleRateHz / 1000) * PLAYBACK_FRAME_MS * 2 * options.channels;
    this.#frame = Buffer.alloc(this.frameBytes);
    this.#encoder = new OpusEncoder(options.sampleRateHz, options.channels);
    this.#encoder.setBitrate(options.bitrateBps ?? 32_000 * options.channels);
    this.#encoder.applyEncoderCTL(OPUS_SET_COMPLEXITY_REQUEST, options.complexity ?? SPEECH_ENCODER_COMPLEXITY);
  }

  /** PCM bytes written and not yet encoded. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#pendingBytes += chunk.length;
    }
    this.#writeCallback = callback;
    this.#pump();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#ended = true;
    this.#pump();
    callback();
  }

  override _read(): void {
    this.#wanted = true;
    this.#pump();
  }

  /** Encodes frames while the reader wants them, then releases the writer if there is room. */
  #pump(): void {
    try {
      while (this.#wanted && this.#pendingBytes >= this.frameBytes) {
        this.#wanted = this.push(this.#encoder.encode(this.#take(this.frameBytes)));
      }
      if (this.#wanted && this.#ended && !this.#done) {
        this.#done = true;
        if (this.#pendingBytes > 0) {
          // Keep whole samples only (an odd trailing byte is dropped); the rest of the frame is silence.
          const usable = this.#pendingBytes - (this.#pendingBytes % 2);
          const last = Buffer.alloc(this.frameBytes);
          this.#take(this.#pendingBytes).copy(last, 0, 0, usable);
          this.push(this.#encoder.encode(last));
        }
        this.push(null);
      }
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    if (this.#writeCallback && this.#pendingBytes < this.frameBytes * PCM_AHEAD_FRAMES) {
      const callback = this.#writeCallback;
      this.#writeCallback = null;
      callback();
    }
  }

  /** The next `bytes` of pending PCM (a view when they lie in one chunk, else copied into the frame buffer). */
  #take(bytes: number): Buffer {
    this.#pendingBytes -= bytes;
    const first = this.#chunks[0]!;
    if (first.length - this.#offset >= bytes) {
      const view = first.subarray(this.#offset, this.#offset + bytes);
      this.#offset += bytes;
      if (this.#offset === first.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
      return view;
    }
    const out = bytes === this.frameBytes ? this.#frame : Buffer.alloc(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(bytes - filled, chunk.length - this.#offset);
      chunk.copy(out, filled, this.#offset, this.#offset + n);
      filled += n;
      this.#offset += n;
      if (this.#offset === chunk.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
    }
    return out;
  }
}
