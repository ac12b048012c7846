import { OpusEncoder } from '../../../src/voice/opus.ts';
import type { OpusPacket } from '../../../src/voice/ReceiveDecoder.ts';
import { parseWav } from '../../../src/voice/wav.ts';
import { synthesizeWithFestival } from './festival.ts';

/** Bytes of one 20 ms frame of 48 kHz stereo s16le, as Discord clients send it. */
const FRAME_BYTES_48K_STEREO = 960 * 2 * 2;

/** Discord's default voice channel bitrate; clients encode at the channel's bitrate. */
export const DISCORD_BITRATE_BPS = 64_000;

/** libopus CTL numbers (opus_defines.h). */
const OPUS_SET_APPLICATION_REQUEST = 4000;
const OPUS_APPLICATION_VOIP = 2048;

/**
 * Encodes mono 48 kHz s16le PCM as Discord clients do: 48 kHz stereo Opus in 20 ms frames at
 * 64 kbps, tuned for speech (OPUS_APPLICATION_VOIP, as WebRTC's voice encoder); the last frame
 * is padded with silence. Returns the packets without timing.
 */
export function encodeDiscordOpus(pcm48kMono: Buffer, bitrateBps = DISCORD_BITRATE_BPS): Buffer[] {
  const encoder = new OpusEncoder(48_000, 2);
  encoder.applyEncoderCTL(OPUS_SET_APPLICATION_REQUEST, OPUS_APPLICATION_VOIP);
  encoder.setBitrate(bitrateBps);
  const samples = pcm48kMono.length >> 1;
  const frames = Math.ceil(samples / 960);
  const packets: Buffer[] = [];
  for (let f = 0; f < frames; f++) {
    const stereo = Buffer.alloc(FRAME_BYTES_48K_STEREO);
    for (let i = 0; i < 960; i++) {
      const idx = f * 960 + i;
      const s = idx < samples ? pcm48kMono.readInt16LE(idx * 2) : 0;
      stereo.writeInt16LE(s, i * 4);
      stereo.writeInt16LE(s, i * 4 + 2);
    }
    packets.push(encoder.encode(stereo));
  }
  return packets;
}

/** Festival speech for `text`, as Discord Opus packets (48 kHz stereo, 20 ms). */
export async function festivalOpusPackets(text: string): Promise<Buffer[]> {
  return encodeDiscordOpus(parseWav(await synthesizeWithFestival(text, { sampleRateHz: 48_000 })).pcm);
}

/** A piece of a scripted receive timeline. */
export type TimelinePart =
  /** Speech packets, one every 20 ms; `lose` drops packets whose index matches. */
  | { packets: Buffer[]; lose?: (index: number) => boolean }
  /** Discord sends nothing (the user is silent). */
  | { gapMs: number }
  /** Packets of digital silence (an open mic that keeps sending), one every 20 ms. */
  | { silentPacketsMs: number }
  /** A garbage packet that fails to decode. */
  | { corrupt: true };

/**
 * Lays out packets on a receive timeline starting at `startMs`: a packet's `receivedAtMs` is the
 * end of the 20 ms it carries (when a real client would have sent it).
 */
export function timeline(startMs: number, parts: TimelinePart[]): { packets: OpusPacket[]; endMs: number } {
  const out: OpusPacket[] = [];
  let t = startMs;
  let silent: Buffer | undefined;
  for (const part of parts) {
    if ('gapMs' in part) {
      t += part.gapMs;
    } else if ('corrupt' in part) {
      out.push({ opus: Buffer.from([0xff, 0xff, 0xff, 0x00, 0x13, 0x37]), receivedAtMs: t });
    } else if ('silentPacketsMs' in part) {
      silent ??= encodeDiscordOpus(Buffer.alloc(960 * 2))[0];
      for (let i = 0; i < part.silentPacketsMs / 20; i++) {
        t += 20;
        out.push({ opus: silent as Buffer, receivedAtMs: t });
      }
    } else {
      part.packets.forEach((opus, i) => {
        t += 20;
        if (!part.lose?.(i)) out.push({ opus, receivedAtMs: t });
      });
    }
  }
  return { packets: out, endMs: t };
}
