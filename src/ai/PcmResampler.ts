/**
 * Converts interleaved s16 PCM from one sample rate to another by linear interpolation,
 * chunk by chunk (the last input frame of a chunk is kept for the next one). Enough for
 * speech from a TTS server at a rate Opus does not take (22.05 or 44.1 kHz) going up to
 * 48 kHz; it does not low-pass, so going down would alias.
 */
export class PcmResampler {
  readonly #channels: number;
  readonly #step: number;
  /** Position of the next output frame, in input frames from the start of the kept frame. */
  #position = 0;
  #kept: Int16Array | null = null;

  constructor(opts: { fromHz: number; toHz: number; channels: number }) {
    this.#channels = opts.channels;
    this.#step = opts.fromHz / opts.toHz;
  }

  /** @param samples interleaved input samples (whole frames) @returns the output samples for them */
  push(samples: Int16Array): Int16Array {
    const ch = this.#channels;
    const input = this.#kept ? concat(this.#kept, samples) : samples;
    const frames = Math.floor(input.length / ch);
    if (frames < 2) {
      this.#kept = input.slice(0, frames * ch);
      return new Int16Array(0);
    }
    const out = new Int16Array(Math.ceil((frames - 1 - this.#position) / this.#step) * ch + ch);
    let n = 0;
    let pos = this.#position;
    while (pos < frames - 1) {
      const i = Math.floor(pos);
      const f = pos - i;
      for (let c = 0; c < ch; c++) {
        const a = input[i * ch + c] as number;
        const b = input[(i + 1) * ch + c] as number;
        out[n++] = Math.round(a + (b - a) * f);
      }
      pos += this.#step;
    }
    this.#position = pos - (frames - 1);
    this.#kept = input.slice((frames - 1) * ch, frames * ch);
    return out.subarray(0, n);
  }
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
