import type { VadOptions } from './VoiceActivityDetector.ts';

/** One utterance cut from the audio timeline; `pcm` is 16 kHz mono s16le. */
export interface SpeechSegment {
  /** 0-based, in order of the audio. */
  index: number;
  pcm: Buffer;
  /** Audio time (ms since listening began) of the first sample, preroll included. */
  startMs: number;
  /** Audio time of the end of the last sample. */
  endMs: number;
  /** Audio time of the first and last frame classified as speech. */
  speechStartMs: number;
  speechEndMs: number;
  /** Frames classified as speech, in ms. */
  voicedMs: number;
  /**
   * Why it was cut: a pause, a piece of continuous speech (at a gap between words, for live
   * captions), the length cap, or the end of the answer.
   */
  cutBy: 'pause' | 'piece' | 'max_length' | 'flush';
  /** It starts exactly where the previous segment was cut (no preroll, no pause between them). */
  continuesPrevious: boolean;
}

/** Segmentation tuning; all times in ms. */
export interface SegmenterOptions {
  /** Audio kept before the speech onset so first words are not clipped. Default 400. */
  prerollMs: number;
  /** A pause this long ends a segment. Default 600. */
  segmentSilenceMs: number;
  /**
   * A pause this long already hands the speech before it on (as a segment cut by `pause`), so
   * that it is transcribed — and the end of the answer decided — while the pause goes on; the
   * segment stays open until `segmentSilenceMs`, and speech that resumes before then continues
   * it (a word after a short hesitation is never taken for a cough). 0, or not below
   * `segmentSilenceMs`, turns it off. Default 300.
   */
  pauseCutMs: number;
  /** A segment is cut at this length even without a pause. Default 30 000. */
  maxSegmentMs: number;
  /** Silence kept after the last speech frame of a segment. Default 200. */
  tailMs: number;
  /**
   * Continuous speech is cut into pieces of about this length at most, so that captions follow
   * the candidate: once this long, at its quietest moment since `pieceMinMs`. 0 turns pieces
   * off. Default 4000.
   */
  pieceMaxMs: number;
  /** A piece is never shorter than this (short pieces are recognised worse). Default 3000. */
  pieceMinMs: number;
  /** A gap between words this long (below the speech level) is where a piece is cut once it is `pieceMinMs` long. Default 200. */
  pieceGapMs: number;
  vad?: Partial<VadOptions>;
}

/** Default segmentation tuning (ms). */
export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  prerollMs: 400,
  segmentSilenceMs: 600,
  pauseCutMs: 400,
  maxSegmentMs: 30_000,
  tailMs: 200,
  pieceMaxMs: 4_000,
  pieceMinMs: 3_000,
  pieceGapMs: 200,
};
