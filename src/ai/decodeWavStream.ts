import { Readable } from 'node:stream';
import { AiError } from './AiError.ts';
import { parseWavHeader } from './parseWavHeader.ts';
import { PcmResampler } from './PcmResampler.ts';

/** Rates libopus encodes as they are; any other is resampled to 48 kHz. */
const OPUS_RATES_HZ = new Set([8_000, 12_000, 16_000, 24_000, 48_000]);
const RESAMPLE_TO_HZ = 48_000;
/** A WAV header (with LIST or other chunks) longer than this is refused. */
const MAX_HEADER_BYTES = 64 * 1024;

/** s16le PCM decoded from a WAV stream, at a rate Opus encodes natively. */
export interface DecodedWav {
  sampleRateHz: number;
  channels: 1 | 2;
  /** s16le interleaved samples, streamed as the WAV arrives; fails with its source. */
  stream: Readable;
}

/**
 * Turns a streamed WAV file (what `response_format: 'wav'` returns) into s16le PCM without
 * ffmpeg: waits for the header, then passes 16-bit samples through, converts 32-bit float to
 * 16-bit, and resamples rates Opus does not take (22.05, 44.1 kHz…) to 48 kHz. A declared data
 * size is respected (trailing chunks are not played); a streamed WAV's unknown size reads to
 * the end. Destroying the returned stream destroys `source`.
 * @throws AiError (not retryable) when the body is not a WAV file this decodes
 */
export async function decodeWavStream(source: Readable): Promise<DecodedWav> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let header = null;
  try {
    while (!header) {
      const next = await iterator.next();
      if (next.done) {
        if (head.length === 0) throw new Error('the body was empty');
        header = parseWavHeader(head, true);
        if (!header) throw new Error('the body ended inside the WAV header');
        break;
      }
      head = Buffer.concat([head, next.value]);
      header = parseWavHeader(head);
      if (!header && head.length > MAX_HEADER_BYTES) throw new Error('no data chunk in the first 64 KiB');
    }
  } catch (err) {
    source.destroy();
    if (err instanceof AiError || source.errored) throw source.errored ?? err;
    throw new AiError('tts', `tts reply is not a usable WAV file: ${(err as Error).message}`, { retryable: false });
  }
  const h = header;
  const resampler = OPUS_RATES_HZ.has(h.sampleRateHz) ? null : new PcmResampler({ fromHz: h.sampleRateHz, toHz: RESAMPLE_TO_HZ, channels: h.channels });
  const bytesPerSample = h.sampleFormat === 'int16' ? 2 : 4;
  const frameBytes = bytesPerSample * h.channels;
  let remaining = h.dataBytes ?? Infinity;
  let carry = Buffer.alloc(0);

  const convert = (chunk: Buffer): Buffer | null => {
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    if (data.length > remaining) data = data.subarray(0, remaining);
    const whole = data.length - (data.length % frameBytes);
    carry = Buffer.from(data.subarray(whole));
    remaining -= whole;
    if (whole === 0) return null;
    let samples = h.sampleFormat === 'int16' ? int16Of(data.subarray(0, whole)) : floatToInt16(data.subarray(0, whole));
    if (resampler) samples = resampler.push(samples);
    return samples.length === 0 ? null : Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  };

  async function* pcm(): AsyncGenerator<Buffer> {
    const first = convert(head.subarray(h.dataOffset));
    if (first) yield first;
    while (remaining > 0) {
      const next = await iterator.next();
      if (next.done) return;
      const out = convert(next.value);
      if (out) yield out;
    }
  }
  const stream = Readable.from(pcm(), { objectMode: false });
  source.once('error', (error) => stream.destroy(error));
  stream.once('close', () => source.destroy());
  return { sampleRateHz: resampler ? RESAMPLE_TO_HZ : h.sampleRateHz, channels: h.channels, stream };
}

/** A copy, so the samples are 2-byte aligned whatever the chunk's offset. */
function int16Of(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

function floatToInt16(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    const v = Math.max(-1, Math.min(1, bytes.readFloatLE(i * 4)));
    out[i] = Math.round(v < 0 ? v * 32768 : v * 32767);
  }
  return out;
}
