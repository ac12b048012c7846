import { OpusEncoder } from './opus.ts';
import { Transform, type TransformCallback } from 'node:stream';

/** Sample rates libopus encodes natively (no resampling). */
const OPUS_RATES_HZ = new Set([8_000, 12_000, 16_000, 24_000, 48_000]);

/** Duration of every packet produced; the Discord player sends one packet per 20 ms tick. */
export const PLAYBACK_FRAME_MS = 20;

/** Options of {@link PcmOpusEncoder}. */
export interface PcmOpusEncoderOptions {
  /** One of 8000, 12000, 16000, 24000, 48000. */
  sampleRateHz: number;
  channels: 1 | 2;
  /** Default 32 000 per channel. */
  bitrateBps?: number;
}

/**
 * Encodes s16le PCM, in chunks of any size, into Opus packets of exactly 20 ms each: a
 * readable in object mode, as @discordjs/voice plays with `StreamType.Opus`. libopus
 * encodes at the input rate itself (a 24 kHz mono frame is 480 samples), so there is no
 * resampler and no ffmpeg. The last partial frame is padded with silence.
 */
export class PcmOpusEncoder extends Transform {
  readonly frameBytes: number;
  readonly #encoder: OpusEncoder;
  #pending: Buffer = Buffer.alloc(0);

  constructor(options: PcmOpusEncoderOptions) {
    super({ readableObjectMode: true, readableHighWaterMark: 16 });
    if (!OPUS_RATES_HZ.has(options.sampleRateHz)) {
      throw new Error(`Opus cannot encode ${options.sampleRateHz} Hz without resampling; use 8, 12, 16, 24 or 48 kHz`);
    }
    this.frameBytes = (options.sampleRateHz / 1000) * PLAYBACK_FRAME_MS * 2 * options.channels;
    this.#encoder = new OpusEncoder(options.sampleRateHz, options.channels);
    this.#encoder.setBitrate(options.bitrateBps ?? 32_000 * options.channels);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
      let offset = 0;
      while (data.length - offset >= this.frameBytes) {
        this.push(this.#encoder.encode(data.subarray(offset, offset + this.frameBytes)));
        offset += this.frameBytes;
      }
      data = data.subarray(offset);
      this.#pending = Buffer.from(data);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.#pending.length > 0) {
        const frame = Buffer.alloc(this.frameBytes);
        // Keep whole samples only (an odd trailing byte is dropped).
        this.#pending.copy(frame, 0, 0, this.#pending.length - (this.#pending.length % 2));
        this.#pending = Buffer.alloc(0);
        this.push(this.#encoder.encode(frame));
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}
