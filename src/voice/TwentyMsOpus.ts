import { Transform, type TransformCallback } from 'node:stream';
import { OpusEncoder } from './opus.ts';
import { PcmOpusEncoder } from './PcmOpusEncoder.ts';

/** Frame sizes in tenths of ms by TOC config (RFC 6716 §3.1). */
function frameTenthsMs(config: number): number {
  if (config < 12) return [100, 200, 400, 600][config % 4] as number; // SILK
  if (config < 16) return [100, 200][config % 2] as number; // hybrid
  return [25, 50, 100, 200][config % 4] as number; // CELT
}

/** Duration of an Opus packet in ms, from its TOC byte (RFC 6716 §3.1), or null if malformed. */
export function opusPacketDurationMs(packet: Buffer): number | null {
  if (packet.length < 1) return null;
  const toc = packet[0] as number;
  const code = toc & 3;
  let frames = code === 0 ? 1 : code === 3 ? (packet.length < 2 ? 0 : (packet[1] as number) & 0x3f) : 2;
  if (frames === 0) return null;
  if (code === 3 && frames > 48) frames = 48;
  return (frames * frameTenthsMs(toc >> 3)) / 10;
}

/**
 * Makes every packet last exactly 20 ms, as the @discordjs/voice player sends one packet per
 * 20 ms tick: 20 ms packets pass through untouched; any other duration (Ogg Opus from a TTS
 * provider may use 40 or 60 ms frames) is decoded at 48 kHz stereo and re-encoded in 20 ms
 * frames. Object mode on both sides.
 */
export class TwentyMsOpus extends Transform {
  #decoder: OpusEncoder | undefined;
  #encoder: PcmOpusEncoder | undefined;
  /** Packets that had to be re-encoded (for tests and logs). */
  transcoded = 0;

  constructor() {
    super({ objectMode: true });
  }

  override _transform(packet: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (opusPacketDurationMs(packet) === 20 && !this.#encoder) {
        this.push(packet);
        callback();
        return;
      }
      // Once re-encoding started, keep going so that audio stays in order.
      this.transcoded++;
      this.#decoder ??= new OpusEncoder(48_000, 2);
      if (!this.#encoder) {
        this.#encoder = new PcmOpusEncoder({ sampleRateHz: 48_000, channels: 2 });
        this.#encoder.on('data', (p: Buffer) => this.push(p));
      }
      this.#encoder.write(this.#decoder.decode(packet), callback);
    } catch {
      callback(); // an undecodable packet is skipped, like a lost one
    }
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#encoder) {
      callback();
      return;
    }
    this.#encoder.once('end', () => callback());
    this.#encoder.once('error', (e) => callback(e));
    this.#encoder.end();
  }
}
