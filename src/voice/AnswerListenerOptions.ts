import type { SpeechToText } from '../ai/SpeechToText.ts';
import type { Clock, SpokenCommand } from '../interview/InterviewIO.ts';
import type { SegmenterOptions } from './SpeechSegmenter.ts';

/** End-of-answer rules; all times in ms of audio time since listening began. */
export interface AnswerTimingOptions {
  /** A pause this long after the candidate has spoken ends the answer. Default 3000. */
  endOfAnswerSilenceMs: number;
  /** The answer ends at this length. Default 300 000 (5 min). */
  maxAnswerMs: number;
  /** Without any speech, listening ends after this long. Default 120 000 (2 min). */
  noSpeechTimeoutMs: number;
  /** A segment needs this much voiced audio to be sent to the STT (coughs and clicks are not). Default 200. */
  minSpeechMs: number;
  /** How often the timeline is advanced while no packets arrive. Default 100. */
  tickMs: number;
  /** See {@link ReceiveDecoder}. Default 60. */
  jitterMs: number;
}

/** Default answer timings (ms): end-of-answer pause, caps, no-speech timeout. */
export const DEFAULT_ANSWER_TIMING: AnswerTimingOptions = {
  endOfAnswerSilenceMs: 3_000,
  maxAnswerMs: 300_000,
  noSpeechTimeoutMs: 120_000,
  minSpeechMs: 200,
  tickMs: 100,
  jitterMs: 60,
};

/** Options of {@link AnswerListener}: its ports plus optional timing and segmentation overrides. */
export interface AnswerListenerOptions extends Partial<AnswerTimingOptions>, Partial<SegmenterOptions> {
  stt: SpeechToText;
  clock: Clock;
  /** Clock time when listening began (packets' `receivedAtMs` use the same clock). Default `clock.now()`. */
  startedAtMs?: number;
  /** Aborting it is the same as {@link AnswerListener.cancel}. */
  signal?: AbortSignal;
  /** ISO-639-1 hint for the STT. */
  language?: string;
  /**
   * Adaptive end of answer: decides at each pause, from the transcript up to it, how long the
   * silence may last. Until it answers (the pause's last segment is being transcribed, the
   * judge is thinking), `endOfAnswerSilenceMs` applies. Must not reject.
   */
  endOfAnswer?: (transcriptSoFar: string, signal: AbortSignal) => Promise<PauseDecision>;
  /** Recognises a spoken command in a segment that starts an utterance (see {@link SegmentTranscriber}). */
  commandOf?: (text: string) => SpokenCommand | null;
}

/** How long the current pause may last, and whether the candidate asked for time. */
export interface PauseDecision {
  silenceLimitMs: number;
  hold: boolean;
}

/** Counters for logs and benchmarks (no content). */
export interface ListenerStats {
  packets: number;
  decodeErrors: number;
  segments: number;
  sttCalls: number;
  sttAudioMs: number;
  droppedHallucinations: number;
  inaudibleSegments: number;
  /** PCM bytes held right now (current segment + preroll). */
  heldPcmBytes: number;
}


/** The subset of `source` whose keys appear in `defaults` and are defined. */
export function pick<T extends object>(source: object, defaults: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(defaults) as Array<keyof T>) {
    const value = (source as Partial<T>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
