import { FRAME_MS } from './ReceiveDecoder.ts';
import { VoiceActivityDetector, type VadOptions } from './VoiceActivityDetector.ts';

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
  /** Why it was cut: a pause, the length cap, or the end of the answer. */
  cutBy: 'pause' | 'max_length' | 'flush';
}

/** Segmentation tuning; all times in ms. */
export interface SegmenterOptions {
  /** Audio kept before the speech onset so first words are not clipped. Default 400. */
  prerollMs: number;
  /** A pause this long ends a segment. Default 600. */
  segmentSilenceMs: number;
  /** A segment is cut at this length even without a pause. Default 30 000. */
  maxSegmentMs: number;
  /** Silence kept after the last speech frame of a segment. Default 200. */
  tailMs: number;
  vad?: Partial<VadOptions>;
}

/** Default segmentation tuning (ms). */
export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  prerollMs: 400,
  segmentSilenceMs: 600,
  maxSegmentMs: 30_000,
  tailMs: 200,
};

/** What the segmenter reports while frames flow in. */
export interface SegmenterEvents {
  /** Speech began (after silence); `atMs` is the audio time of its first voiced frame. */
  speechStart(atMs: number): void;
  /** A segment is complete. */
  segment(segment: SpeechSegment): void;
}

/**
 * Cuts a 20 ms frame timeline into speech segments (pipecat's SegmentedSTT shape). Holds only
 * the preroll ring and the current segment's frames, so memory is bounded by `maxSegmentMs`.
 */
export class SpeechSegmenter {
  readonly #opts: SegmenterOptions;
  readonly #vad: VoiceActivityDetector;
  readonly #events: SegmenterEvents;
  readonly #preroll: Buffer[] = [];
  readonly #prerollFrames: number;
  #frames: Buffer[] = [];
  #segStartMs = 0;
  #speechStartMs = 0;
  #speechEndMs = 0;
  #voicedFrames = 0;
  #inSegment = false;
  #wasSpeech = false;
  #nowMs = 0;
  #index = 0;

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
  #lastSpeechEndMs: number | null = null;

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
      this.#open(startMs - this.#preroll.length * FRAME_MS, this.#preroll.splice(0));
    }
    this.#frames.push(frame);
    if (speech) {
      if (this.#voicedFrames === 0) this.#speechStartMs = startMs;
      this.#voicedFrames++;
      this.#speechEndMs = this.#nowMs;
    }
    if (this.#nowMs - this.#segStartMs >= this.#opts.maxSegmentMs) {
      this.#close('max_length');
    } else if (this.#voicedFrames > 0 && this.#nowMs - this.#speechEndMs >= this.#opts.segmentSilenceMs) {
      this.#close('pause');
    }
  }

  /** Ends the open segment now (end of answer). Emits it only if it holds speech. */
  flush(): void {
    if (this.#inSegment) this.#close('flush');
  }

  #open(startMs: number, frames: Buffer[]): void {
    this.#inSegment = true;
    this.#segStartMs = startMs;
    this.#frames = frames;
    this.#voicedFrames = 0;
  }

  #close(cutBy: SpeechSegment['cutBy']): void {
    this.#inSegment = false;
    const frames = this.#frames;
    this.#frames = [];
    if (this.#voicedFrames === 0) return;
    let keep = frames.length;
    if (cutBy !== 'max_length') {
      // Drop the pause after the speech, keeping a short tail; recycle it as preroll.
      const tailEnd = this.#speechEndMs + this.#opts.tailMs;
      keep = Math.min(frames.length, Math.ceil((tailEnd - this.#segStartMs) / FRAME_MS));
      this.#preroll.push(...frames.slice(keep).slice(-this.#prerollFrames));
    }
    const endMs = this.#segStartMs + keep * FRAME_MS;
    this.#events.segment({
      index: this.#index++,
      pcm: Buffer.concat(frames.slice(0, keep)),
      startMs: this.#segStartMs,
      endMs,
      speechStartMs: this.#speechStartMs,
      speechEndMs: this.#speechEndMs,
      voicedMs: this.#voicedFrames * FRAME_MS,
      cutBy,
    });
    if (cutBy === 'max_length' && this.#wasSpeech) this.#open(endMs, []);
  }
}
