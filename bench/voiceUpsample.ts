/** Half-width of the interpolation kernel, in input samples. */
const HALF_TAPS = 16;

/**
 * Upsamples s16le mono PCM by an integer factor with a Blackman-windowed sinc (band limit at
 * the input's Nyquist frequency), so a 16 kHz recording can be fed to a 48 kHz encoder as the
 * same sound: the WER bench compares the Opus path with the direct path on one source signal.
 */
export function upsamplePcm(pcm: Buffer, factor: number): Buffer {
  const input = pcm.length >> 1;
  const x = new Float64Array(input);
  for (let i = 0; i < input; i++) x[i] = pcm.readInt16LE(i * 2);
  const phases = Array.from({ length: factor }, (_, p) => {
    const frac = p / factor;
    return Array.from({ length: 2 * HALF_TAPS }, (_, k) => {
      const d = frac - (k - HALF_TAPS + 1);
      const sinc = d === 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
      const w = (d + HALF_TAPS) / (2 * HALF_TAPS);
      const blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * w) + 0.08 * Math.cos(4 * Math.PI * w);
      return sinc * blackman;
    });
  });
  const out = Buffer.alloc(input * factor * 2);
  for (let n = 0; n < input; n++) {
    for (let p = 0; p < factor; p++) {
      const h = phases[p] as number[];
      let y = 0;
      for (let k = 0; k < 2 * HALF_TAPS; k++) {
        const i = n + k - HALF_TAPS + 1;
        if (i >= 0 && i < input) y += (x[i] as number) * (h[k] as number);
      }
      out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(y))), (n * factor + p) * 2);
    }
  }
  return out;
}
