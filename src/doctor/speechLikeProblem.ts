import type { DecodedSpeech } from './decodeSpeechAudio.ts';

/** Shortest "hello" accepted, in ms. */
const MIN_DURATION_MS = 200;
/** Below this RMS (of 32 768) it is silence. */
const MIN_RMS = 100;
/** Speech crosses zero far less often than noise (≈ 0.5 per sample) does. */
const MAX_ZERO_CROSSINGS_PER_SAMPLE = 0.3;

/**
 * Whether decoded audio looks like speech rather than silence, noise or bytes that are not
 * audio at all read as PCM (text or JSON as s16le is loud, one-signed and never crosses zero).
 * Coarse by design: it catches a wrong format or a broken server, not a bad voice.
 * @returns what is wrong, or null when it looks like speech
 */
export function speechLikeProblem(audio: DecodedSpeech): string | null {
  const { samples, sampleRateHz, channels } = audio;
  const frames = samples.length / channels;
  const durationMs = (frames / sampleRateHz) * 1000;
  if (durationMs < MIN_DURATION_MS) return `only ${Math.round(durationMs)} ms of audio`;
  let sum = 0;
  let squares = 0;
  let crossings = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    sum += v;
    squares += v * v;
    if (i >= channels && (v >= 0) !== ((samples[i - channels] as number) >= 0)) crossings++;
  }
  const rms = Math.sqrt(squares / samples.length);
  const mean = sum / samples.length;
  if (rms < MIN_RMS) return 'the audio is silent';
  if (Math.abs(mean) > rms * 0.5) return 'the audio is one-signed (not audio: text or another format read as PCM?)';
  const rate = crossings / samples.length;
  if (rate > MAX_ZERO_CROSSINGS_PER_SAMPLE) return `the audio is noise, not speech (${rate.toFixed(2)} zero crossings per sample)`;
  return null;
}
