import { describe, expect, it } from 'vitest';
import { type SegmenterOptions, type SpeechSegment, SpeechSegmenter } from '../../src/voice/SpeechSegmenter.ts';

const SAMPLES_PER_FRAME = 320;

/** One 20 ms frame of a 200 Hz tone at `amplitude` (speech-like level), or near silence. */
function frame(amplitude: number, frameIndex: number): Buffer {
  const out = Buffer.alloc(SAMPLES_PER_FRAME * 2);
  for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
    const t = (frameIndex * SAMPLES_PER_FRAME + i) / 16_000;
    out.writeInt16LE(Math.round(amplitude * Math.sin(2 * Math.PI * 200 * t)), i * 2);
  }
  return out;
}

const LOUD = 8_000;
const QUIET = 20;

/** Runs the segmenter over a script of [amplitude, ms] parts. */
function segment(parts: Array<[amplitude: number, ms: number]>, options: Partial<SegmenterOptions> = {}): { segments: SpeechSegment[]; totalMs: number } {
  const segments: SpeechSegment[] = [];
  const segmenter = new SpeechSegmenter(options, { speechStart: () => {}, segment: (s) => segments.push(s) });
  let n = 0;
  for (const [amplitude, ms] of parts) for (let i = 0; i < ms / 20; i++) segmenter.push(frame(amplitude, n++));
  segmenter.flush();
  return { segments, totalMs: n * 20 };
}

/** `seconds` of words: 700 ms of voice and `gapMs` of quiet, repeated. */
function words(count: number, gapMs: number, voiceMs = 700): Array<[number, number]> {
  return Array.from({ length: count }, (): Array<[number, number]> => [[LOUD, voiceMs], [QUIET, gapMs]]).flat();
}

describe('SpeechSegmenter pieces of continuous speech', () => {
  it('cuts 12 s of speech with 240 ms word gaps into contiguous pieces of 3–4 s in the gaps', () => {
    const { segments } = segment([[QUIET, 1000], ...words(13, 240), [QUIET, 1000]]);
    const pieces = segments.filter((s) => s.cutBy === 'piece');
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const s of segments.slice(0, -1)) {
      expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(3000);
      expect(s.endMs - s.startMs).toBeLessThanOrEqual(4000);
    }
    // Each cut is inside a gap: 700 ms of voice then 240 ms of quiet, so a cut at t means
    // (t - 1000) mod 940 falls in [700, 940).
    for (const s of pieces) expect((s.endMs - 1000) % 940).toBeGreaterThanOrEqual(700);
    // Contiguous and not overlapping: every sample is sent once.
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]?.startMs).toBe(segments[i - 1]?.endMs);
      expect(segments[i]?.continuesPrevious).toBe(true);
    }
    expect(segments[0]?.continuesPrevious).toBe(false);
    for (const s of segments) expect(s.pcm.length).toBe(((s.endMs - s.startMs) / 20) * 640);
    expect(segments.at(-1)?.cutBy).toBe('pause');
  });

  it('cuts speech without any gap at its quietest moment once a piece is 4 s long', () => {
    // A dip (still speech for the VAD) at 3.0–3.1 s after the onset at 1 s, and nothing quieter.
    const { segments } = segment([[QUIET, 1000], [LOUD, 3000], [LOUD / 4, 100], [LOUD, 3000], [QUIET, 1000]]);
    expect(segments.map((s) => s.cutBy)).toEqual(['piece', 'pause']);
    const cut = segments[0]?.endMs ?? 0;
    expect(cut).toBeGreaterThanOrEqual(4000);
    expect(cut).toBeLessThanOrEqual(4100);
    expect(segments[1]?.startMs).toBe(cut);
  });

  it('does not cut before pieceMinMs nor at gaps shorter than pieceGapMs', () => {
    const { segments } = segment([[QUIET, 1000], ...words(4, 100, 800), [QUIET, 1000]]);
    expect(segments.map((s) => s.cutBy)).toEqual(['pause']);
    const early = segment([[QUIET, 1000], [LOUD, 1000], [QUIET, 300], [LOUD, 500], [QUIET, 1000]]).segments;
    expect(early.map((s) => s.cutBy)).toEqual(['pause']);
  });

  it('keeps the old behaviour with pieceMaxMs 0: one segment per pause', () => {
    const { segments } = segment([[QUIET, 1000], ...words(13, 240), [QUIET, 1000]], { pieceMaxMs: 0 });
    expect(segments.map((s) => s.cutBy)).toEqual(['pause']);
  });

  it('a pause of segmentSilenceMs still ends a segment with preroll before the next one', () => {
    const { segments } = segment([[QUIET, 1000], [LOUD, 1500], [QUIET, 1200], [LOUD, 1500], [QUIET, 1000]]);
    expect(segments.map((s) => s.cutBy)).toEqual(['pause', 'pause']);
    expect(segments[1]?.continuesPrevious).toBe(false);
    expect((segments[1]?.speechStartMs ?? 0) - (segments[1]?.startMs ?? 0)).toBeGreaterThanOrEqual(300);
  });
});

describe('SpeechSegmenter pause cut: the speech before a pause is handed on while the pause goes on', () => {
  /** Runs the segmenter, noting the audio time at which each segment was emitted. */
  function timed(parts: Array<[amplitude: number, ms: number]>, options: Partial<SegmenterOptions> = {}): Array<SpeechSegment & { emittedAtMs: number }> {
    const out: Array<SpeechSegment & { emittedAtMs: number }> = [];
    const segmenter = new SpeechSegmenter(options, { speechStart: () => {}, segment: (s) => out.push({ ...s, emittedAtMs: segmenter.nowMs }) });
    let n = 0;
    for (const [amplitude, ms] of parts) for (let i = 0; i < ms / 20; i++) segmenter.push(frame(amplitude, n++));
    segmenter.flush();
    return out;
  }

  it('emits the speech (with its tail) pauseCutMs into a pause, not at segmentSilenceMs, and nothing more at the pause end', () => {
    const out = timed([[QUIET, 1000], [LOUD, 1500], [QUIET, 2000]]);
    expect(out.map((s) => s.cutBy)).toEqual(['pause']);
    const s = out[0]!;
    expect(s.emittedAtMs - s.speechEndMs).toBeGreaterThanOrEqual(400);
    expect(s.emittedAtMs - s.speechEndMs).toBeLessThan(600);
    expect(s.endMs - s.speechEndMs).toBeLessThanOrEqual(200);
  });

  it('speech resuming before segmentSilenceMs continues the segment: no preroll, no sample twice, short words kept as continuations', () => {
    const out = timed([[QUIET, 1000], [LOUD, 1500], [QUIET, 500], [LOUD, 100], [QUIET, 1500]]);
    expect(out.map((s) => [s.cutBy, s.continuesPrevious])).toEqual([['pause', false], ['pause', true]]);
    expect(out[1]!.startMs).toBe(out[0]!.endMs);
    expect(out[1]!.voicedMs).toBeLessThanOrEqual(160);
  });

  it('after a pause of segmentSilenceMs the next speech opens a new segment with preroll', () => {
    const out = timed([[QUIET, 1000], [LOUD, 1500], [QUIET, 1200], [LOUD, 1500], [QUIET, 1000]]);
    expect(out.map((s) => [s.cutBy, s.continuesPrevious])).toEqual([['pause', false], ['pause', false]]);
    expect(out[1]!.speechStartMs - out[1]!.startMs).toBeGreaterThanOrEqual(300);
  });

  it('pauseCutMs 0 keeps cutting at segmentSilenceMs only', () => {
    const out = timed([[QUIET, 1000], [LOUD, 1500], [QUIET, 500], [LOUD, 500], [QUIET, 1500]], { pauseCutMs: 0 });
    expect(out).toHaveLength(1);
    expect(out[0]!.emittedAtMs - out[0]!.speechEndMs).toBeGreaterThanOrEqual(600);
  });
});
