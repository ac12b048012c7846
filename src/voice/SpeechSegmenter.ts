import { FRAME_MS } from './ReceiveDecoder.ts';
import { DEFAULT_SEGMENTER_OPTIONS, type SegmenterOptions, type SpeechSegment } from './SegmenterOptions.ts';
import { frameLevelDb, VoiceActivityDetector } from './VoiceActivityDetector.ts';

export { DEFAULT_SEGMENTER_OPTIONS, type SegmenterOptions, type SpeechSegment } from './SegmenterOptions.ts';

/** What the segmenter reports while frames flow in. */
export interface SegmenterEvents {
  /** Speech began (after silence); `atMs` is the audio time of its first voiced frame. */
  speechStart(atMs: number): void;
  /** A segment is complete. */
  segment(segment: SpeechSegment): void;
}

/**
 * Frames averaged to find the quietest moment of speech without gaps (odd). 60 ms: on the bench's
 * continuous speech this cut as well for pocketsphinx as cutting at festival's own word ends
 * (WER 0.284 either way), better than wider windows (0.295) or the longest VAD gap (0.358).
 */
const QUIET_WINDOW_FRAMES = 3;

/** Frames before a VAD onset that are already loud (the onset needs 3 loud frames): never cut there. */
const ONSET_LOOKBACK_FRAMES = 2;

/**
 * Cuts a 20 ms frame timeline into speech segments (pipecat's SegmentedSTT shape), and long
 * continuous speech into pieces at the gaps between words. Every sample goes into at most one
 * segment (pieces do not overlap), so pieces cost no extra STT audio. Holds only the preroll
 * ring and the current segment's frames, so memory is bounded by `maxSegmentMs`.
 */
export class SpeechSegmenter {
  readonly #opts: SegmenterOptions;
  readonly #vad: VoiceActivityDetector;
  readonly #events: SegmenterEvents;
  readonly #preroll: Buffer[] = [];
  readonly #prerollFrames: number;
  #frames: Buffer[] = [];
  /** Per frame of the segment: its level (dBFS) and whether it was speech. */
  #levels: number[] = [];
  #voiced: boolean[] = [];
  #segStartMs = 0;
  #speechEndMs = 0;
  #voicedFrames = 0;
  #inSegment = false;
  #continues = false;
  #wasSpeech = false;
  #nowMs = 0;
  #index = 0;
  #lastSpeechEndMs: number | null = null;

  constructor(options: Partial<SegmenterOptions>, events: SegmenterEvents) {
    this.#opts = { ...DEFAULT_SEGMENTER_OPTIONS, ...options };
    this.#vad = new VoiceActivityDetector(this.#opts.vad);
    this.#events = events;
    this.#prerollFrames = Math.round(this.#opts.prerollMs / FRAME_MS);
  }

  /** Audio time of the end of the last frame processed. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** Audio time of the end of the last voiced frame, or null before any speech. */
  get lastSpeechEndMs(): number | null {
    return this.#lastSpeechEndMs;
  }

  /** Whether a segment is open (speech, or a pause shorter than `segmentSilenceMs`). */
  get inSegment(): boolean {
    return this.#inSegment;
  }

  /** PCM bytes currently held (segment + preroll). */
  get heldBytes(): number {
    let n = 0;
    for (const f of this.#frames) n += f.length;
    for (const f of this.#preroll) n += f.length;
    return n;
  }

  /** Processes one 20 ms frame of 16 kHz mono PCM. */
  push(frame: Buffer): void {
    const startMs = this.#nowMs;
    this.#nowMs += FRAME_MS;
    const speech = this.#vad.process(frame);
    if (speech) {
      if (!this.#wasSpeech) this.#events.speechStart(startMs);
      this.#lastSpeechEndMs = this.#nowMs;
    }
    this.#wasSpeech = speech;

    if (!this.#inSegment) {
      if (!speech) {
        this.#preroll.push(frame);
        if (this.#preroll.length > this.#prerollFrames) this.#preroll.shift();
        return;
      }
      this.#open(startMs - this.#preroll.length * FRAME_MS, this.#preroll.splice(0), false);
    }
    if (speech && this.#voicedFrames > 0) this.#maybeCutPiece(startMs);
    this.#frames.push(frame);
    this.#levels.push(this.#vad.levelDb);
    this.#voiced.push(speech);
    if (speech) {
      this.#voicedFrames++;
      this.#speechEndMs = this.#nowMs;
    }
    if (this.#nowMs - this.#segStartMs >= this.#opts.maxSegmentMs) {
      this.#close('max_length');
    } else if (this.#nowMs - this.#speechEndMs >= this.#opts.segmentSilenceMs) {
      // What a pause cut left is silence: the segment ends quietly.
      if (this.#voicedFrames > 0) this.#close('pause');
      else if (this.#continues) this.#closeQuietly();
    } else if (this.#voicedFrames > 0 && this.#opts.pauseCutMs > 0 && this.#nowMs - this.#speechEndMs >= this.#opts.pauseCutMs) {
      this.#cutAtPause();
    }
  }

  /** Ends the open segment now (end of answer). Emits it only if it holds speech. */
  flush(): void {
    if (this.#inSegment) this.#close('flush');
  }

  /**
   * On a speech frame starting at `startMs`: cuts a piece in the middle of the word gap that
   * just ended, or, once the piece is `pieceMaxMs` long, at its quietest moment. Cutting only on
   * speech frames keeps at least one voiced frame in what follows, so a pause still ends it.
   */
  #maybeCutPiece(startMs: number): void {
    const o = this.#opts;
    if (o.pieceMaxMs <= 0) return;
    const lengthMs = startMs - this.#segStartMs;
    if (lengthMs < o.pieceMinMs) return;
    const gapMs = startMs - this.#speechEndMs;
    const minIndex = Math.ceil(o.pieceMinMs / FRAME_MS);
    const gapMiddle = (this.#speechEndMs + Math.floor(gapMs / 2 / FRAME_MS) * FRAME_MS - this.#segStartMs) / FRAME_MS;
    if (gapMs >= o.pieceGapMs && gapMiddle >= minIndex) {
      this.#cutPiece(gapMiddle);
    } else if (lengthMs >= o.pieceMaxMs) {
      const to = this.#frames.length - ONSET_LOOKBACK_FRAMES;
      this.#cutPiece(this.#quietestIndex(minIndex, to));
    }
  }

  /** Index in [from, to) of the frame at the centre of the quietest {@link QUIET_WINDOW_FRAMES}. */
  #quietestIndex(from: number, to: number): number {
    const half = QUIET_WINDOW_FRAMES >> 1;
    let best = to - 1;
    let bestDb = Infinity;
    for (let i = Math.max(half, from); i < to - half; i++) {
      let db = 0;
      for (let k = i - half; k <= i + half; k++) db += this.#levels[k] as number;
      if (db < bestDb) {
        bestDb = db;
        best = i;
      }
    }
    return Math.max(from, best);
  }

  /** Emits frames [0, index) as a piece; the rest stays as the open segment. */
  #cutPiece(index: number): void {
    const rest = { frames: this.#frames.slice(index), levels: this.#levels.slice(index), voiced: this.#voiced.slice(index) };
    this.#frames = this.#frames.slice(0, index);
    this.#levels = this.#levels.slice(0, index);
    this.#voiced = this.#voiced.slice(0, index);
    const endMs = this.#emit('piece', index);
    this.#inSegment = true;
    this.#continues = true;
    this.#segStartMs = endMs;
    this.#frames = rest.frames;
    this.#levels = rest.levels;
    this.#voiced = rest.voiced;
    this.#voicedFrames = rest.voiced.filter(Boolean).length;
    const lastVoiced = rest.voiced.lastIndexOf(true);
    if (lastVoiced >= 0) this.#speechEndMs = endMs + (lastVoiced + 1) * FRAME_MS;
  }

  /** Emits the speech before the current pause (with its tail) as a `pause` segment; the pause stays open. */
  #cutAtPause(): void {
    const keep = Math.min(this.#frames.length, Math.ceil((this.#speechEndMs + this.#opts.tailMs - this.#segStartMs) / FRAME_MS));
    const endMs = this.#emit('pause', keep);
    this.#continues = true;
    this.#segStartMs = endMs;
    // What follows the cut is the pause itself: silent frames whose levels are already known.
    this.#frames = this.#frames.slice(keep);
    this.#levels = this.#levels.slice(keep);
    this.#voiced = this.#voiced.slice(keep);
    this.#voicedFrames = 0;
  }

  /** Ends an open segment that holds only silence, recycling it as preroll. */
  #closeQuietly(): void {
    this.#inSegment = false;
    this.#preroll.push(...this.#frames.slice(-this.#prerollFrames));
    this.#preroll.splice(0, Math.max(0, this.#preroll.length - this.#prerollFrames));
    this.#frames = [];
  }

  #open(startMs: number, frames: Buffer[], continues: boolean): void {
    this.#inSegment = true;
    this.#continues = continues;
    this.#segStartMs = startMs;
    this.#frames = frames;
    this.#levels = frames.map(frameLevelDb);
    this.#voiced = frames.map(() => false);
    this.#voicedFrames = 0;
  }

  #close(cutBy: 'pause' | 'max_length' | 'flush'): void {
    this.#inSegment = false;
    if (this.#voicedFrames === 0) {
      this.#frames = [];
      return;
    }
    let keep = this.#frames.length;
    if (cutBy !== 'max_length') {
      // Drop the pause after the speech, keeping a short tail; recycle it as preroll.
      const tailEnd = this.#speechEndMs + this.#opts.tailMs;
      keep = Math.min(keep, Math.ceil((tailEnd - this.#segStartMs) / FRAME_MS));
      this.#preroll.push(...this.#frames.slice(keep).slice(-this.#prerollFrames));
    }
    const endMs = this.#emit(cutBy, keep);
    this.#frames = [];
    if (cutBy === 'max_length' && this.#wasSpeech) this.#open(endMs, [], true);
  }

  /** Emits the first `keep` frames of the segment. @returns the segment's end (audio ms) */
  #emit(cutBy: SpeechSegment['cutBy'], keep: number): number {
    const voiced = this.#voiced.slice(0, keep);
    const first = voiced.indexOf(true);
    const last = voiced.lastIndexOf(true);
    const endMs = this.#segStartMs + keep * FRAME_MS;
    if (first < 0) return endMs; // nothing said in it (cannot happen for a piece: its cut follows speech)
    this.#events.segment({
      index: this.#index++,
      pcm: Buffer.concat(this.#frames.slice(0, keep)),
      startMs: this.#segStartMs,
      endMs,
      speechStartMs: this.#segStartMs + first * FRAME_MS,
      speechEndMs: this.#segStartMs + (last + 1) * FRAME_MS,
      voicedMs: voiced.filter(Boolean).length * FRAME_MS,
      cutBy,
      continuesPrevious: this.#continues,
    });
    return endMs;
  }
}
