import { pipeline, type Transform } from 'node:stream';
import prism from 'prism-media';
import type { SpeechAudio } from '../ai/TextToSpeech.ts';
import { OpusEncoder } from '../voice/opus.ts';

/** Decoded speech: mono-or-stereo interleaved samples and their rate. */
export interface DecodedSpeech {
  samples: Int16Array;
  sampleRateHz: number;
  channels: number;
}

/** Largest audio the doctor reads from one "hello" (10 s at 48 kHz stereo). */
const MAX_BYTES = 48_000 * 2 * 2 * 10;

/**
 * Reads a whole {@link SpeechAudio} into samples: PCM as it is; Ogg Opus demuxed with
 * prism-media and decoded with libopus at 48 kHz mono (as the player would, without ffmpeg).
 * @throws the stream's error (e.g. a body that is not Ogg), or when it is larger than 10 s
 */
export async function decodeSpeechAudio(audio: SpeechAudio): Promise<DecodedSpeech> {
  if (audio.format === 'pcm_s16le') {
    const bytes = await collect(audio.stream);
    return { samples: int16(bytes), sampleRateHz: audio.sampleRateHz, channels: audio.channels };
  }
  const decoder = new OpusEncoder(48_000, 1);
  const packets = pipeline(audio.stream, new prism.opus.OggDemuxer() as Transform, () => undefined);
  const pcm: Buffer[] = [];
  let total = 0;
  for await (const packet of packets as AsyncIterable<Buffer>) {
    const frame = decoder.decode(packet);
    total += frame.length;
    if (total > MAX_BYTES) throw new Error('more than 10 s of audio for "hello"');
    pcm.push(frame);
  }
  return { samples: int16(Buffer.concat(pcm)), sampleRateHz: 48_000, channels: 1 };
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > MAX_BYTES) throw new Error('more than 10 s of audio for "hello"');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function int16(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}
