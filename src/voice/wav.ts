/** A parsed PCM WAV file. */
export interface WavAudio {
  sampleRateHz: number;
  channels: number;
  bitsPerSample: number;
  /** The raw sample bytes (the `data` chunk), little-endian. */
  pcm: Buffer;
}

/**
 * Wraps raw s16le PCM in a canonical 44-byte RIFF/WAVE header.
 * @param pcm interleaved signed 16-bit little-endian samples
 */
export function encodeWav(pcm: Buffer, sampleRateHz: number, channels = 1): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = channels * 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(sampleRateHz * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/**
 * Reads a PCM WAV file, walking its chunks (so extra chunks such as LIST are skipped).
 * Throws on anything that is not uncompressed PCM WAV.
 */
export function parseWav(wav: Buffer): WavAudio {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let offset = 12;
  let fmt: Omit<WavAudio, 'pcm'> | undefined;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (wav.readUInt16LE(body) !== 1) throw new Error('WAV is not uncompressed PCM');
      fmt = {
        channels: wav.readUInt16LE(body + 2),
        sampleRateHz: wav.readUInt32LE(body + 4),
        bitsPerSample: wav.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before fmt chunk');
      const end = Math.min(wav.length, body + size);
      return { ...fmt, pcm: wav.subarray(body, end) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}
