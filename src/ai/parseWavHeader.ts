/** What a WAV header says about the samples that follow it. */
export interface WavHeader {
  sampleRateHz: number;
  channels: 1 | 2;
  /** `int16`: signed 16-bit little-endian; `float32`: IEEE float little-endian. */
  sampleFormat: 'int16' | 'float32';
  /** Offset of the first sample byte in the buffer given. */
  dataOffset: number;
  /** Bytes of sample data the header declares, or null when it gives none (a streamed WAV says 0 or 0xFFFFFFFF). */
  dataBytes: number | null;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Streaming writers cannot know the length and put 0 or the largest value there. */
const UNKNOWN_SIZE_FROM = 0x7fff_f000;

/**
 * Reads the header of a WAV file from its first bytes, walking the chunks up to `data` (so
 * LIST and other chunks are skipped). Accepts 16-bit integer and 32-bit float PCM, mono or
 * stereo, also as WAVE_FORMAT_EXTENSIBLE.
 * @param complete true when `head` is all there is (judge a short body instead of waiting for more)
 * @returns the header, or null when `head` ends before the `data` chunk starts (read more)
 * @throws Error saying what is wrong when this is not a WAV file these rules accept
 */
export function parseWavHeader(head: Buffer, complete = false): WavHeader | null {
  if (head.length < 16 && !complete) return null; // enough to show what came instead of a WAV
  if (head.length < 12) return head.toString('latin1', 0, Math.min(4, head.length)) !== 'RIFF'.slice(0, Math.min(4, head.length)) ? notWav(head) : null;
  if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') return notWav(head);
  let offset = 12;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes'> | undefined;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk comes before its fmt chunk');
      return { ...fmt, dataOffset: body, dataBytes: size === 0 || size >= UNKNOWN_SIZE_FROM ? null : size };
    }
    if (id === 'fmt ') {
      if (body + 16 > head.length) return null;
      fmt = readFmt(head, body, size);
    }
    offset = body + size + (size % 2);
  }
  return null;
}

function readFmt(buf: Buffer, body: number, size: number): Omit<WavHeader, 'dataOffset' | 'dataBytes'> {
  let tag = buf.readUInt16LE(body);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || body + 26 > buf.length) throw new Error('WAV extensible fmt chunk is too short');
    tag = buf.readUInt16LE(body + 24); // first two bytes of the sub-format GUID
  }
  const channels = buf.readUInt16LE(body + 2);
  const sampleRateHz = buf.readUInt32LE(body + 4);
  const bits = buf.readUInt16LE(body + 14);
  if (channels !== 1 && channels !== 2) throw new Error(`WAV has ${channels} channels; mono or stereo only`);
  if (sampleRateHz < 8_000 || sampleRateHz > 192_000) throw new Error(`WAV sample rate ${sampleRateHz} Hz is out of range`);
  if (tag === WAVE_FORMAT_PCM && bits === 16) return { sampleRateHz, channels, sampleFormat: 'int16' };
  if (tag === WAVE_FORMAT_IEEE_FLOAT && bits === 32) return { sampleRateHz, channels, sampleFormat: 'float32' };
  throw new Error(`WAV sample format ${tag} with ${bits} bits is not supported (16-bit PCM or 32-bit float)`);
}

function notWav(head: Buffer): never {
  // Printable start only (a server error page, JSON...): enough to see what came instead.
  const start = head.subarray(0, 16).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  throw new Error(`not a RIFF/WAVE file (starts with "${start}")`);
}
