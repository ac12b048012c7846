import opus from '@discordjs/opus';
import { encodeWav, parseWav } from '../../../src/voice/wav.ts';

// @discordjs/opus is CommonJS: named imports fail under plain Node (they only work under vitest).
const { OpusEncoder } = opus;

const OPUS_RATES_HZ = [8000, 12000, 16000, 24000, 48000];

/**
 * Encodes a PCM WAV (s16le, mono or stereo, at a rate Opus takes: 8/12/16/24/48 kHz) into
 * 20 ms Opus packets, the last frame padded with silence.
 */
export function wavToOpusPackets(wav: Buffer): Buffer[] {
  const audio = parseWav(wav);
  if (audio.bitsPerSample !== 16 || !OPUS_RATES_HZ.includes(audio.sampleRateHz) || audio.channels < 1 || audio.channels > 2) {
    throw new Error(`wavToOpusPackets: need s16le mono/stereo at 8/12/16/24/48 kHz, got ${audio.bitsPerSample}-bit x${audio.channels} at ${audio.sampleRateHz} Hz`);
  }
  const encoder = new OpusEncoder(audio.sampleRateHz, audio.channels);
  const frameBytes = (audio.sampleRateHz / 50) * audio.channels * 2;
  const packets: Buffer[] = [];
  for (let off = 0; off < audio.pcm.length; off += frameBytes) {
    const frame = Buffer.alloc(frameBytes);
    audio.pcm.copy(frame, 0, off, Math.min(off + frameBytes, audio.pcm.length));
    packets.push(encoder.encode(frame));
  }
  return packets;
}

/**
 * Decodes received Opus packets to a mono WAV (default 16 kHz, what pocketsphinx takes),
 * inserting silence where arrival times show a pause (> 60 ms between packets).
 * Packets that fail to decode are skipped.
 */
export function opusPacketsToWav(packets: { opus: Buffer; receivedAtMs: number }[], sampleRateHz = 16000): Buffer {
  const decoder = new OpusEncoder(sampleRateHz, 1);
  const bytesPerMs = (sampleRateHz / 1000) * 2;
  const parts: Buffer[] = [];
  let previousMs: number | null = null;
  for (const p of packets) {
    if (previousMs !== null && p.receivedAtMs - previousMs > 60) {
      const gapMs = Math.round((p.receivedAtMs - previousMs - 20) / 20) * 20;
      parts.push(Buffer.alloc(gapMs * bytesPerMs));
    }
    previousMs = p.receivedAtMs;
    try {
      parts.push(decoder.decode(p.opus));
    } catch {
      // a corrupt packet: skip it, as a receiver would
    }
  }
  return encodeWav(Buffer.concat(parts), sampleRateHz, 1);
}
