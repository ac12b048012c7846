import type { SpeechToText } from '../ai/SpeechToText.ts';
import type { AnswerCapture, AnswerEndReason, CapturedAnswer, Clock } from '../interview/InterviewIO.ts';
import { type OpusPacket, ReceiveDecoder } from './ReceiveDecoder.ts';
import { SegmentTranscriber } from './SegmentTranscriber.ts';
import { speechAnalytics } from './speechAnalytics.ts';
import { DEFAULT_SEGMENTER_OPTIONS, type SegmenterOptions, type SpeechSegment, SpeechSegmenter } from './SpeechSegmenter.ts';

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

/**
 * Listens to one answer: the candidate's Opus packets in; speech segments (long speech cut into
 * pieces of a few seconds at the gaps between words) transcribed once each; live partials, a
 * tentative end at each pause, and the final {@link CapturedAnswer} out (the pieces joined).
 * Implements the engine's {@link AnswerCapture}. Memory is bounded by the current segment.
 */
export class AnswerListener implements AnswerCapture {
  readonly result: Promise<CapturedAnswer>;
  readonly #t: AnswerTimingOptions;
  readonly #clock: Clock;
  /** Aborted by cancel(): STT calls stop. */
  readonly #life = new AbortController();
  /** Aborted when the answer ends or is cancelled: the ticker stops. */
  readonly #listening = new AbortController();
  readonly #decoder: ReceiveDecoder;
  readonly #segmenter: SpeechSegmenter;
  readonly #transcriber: SegmentTranscriber;
  readonly #ticker: Promise<void>;
  readonly #partialCbs: Array<(text: string) => void> = [];
  readonly #tentativeCbs: Array<(text: string) => void> = [];
  readonly #speechStartCbs: Array<(atMs: number) => void> = [];
  #resolve!: (answer: CapturedAnswer) => void;
  #reject!: (error: Error) => void;
  #ended = false;
  #segments = 0;
  #hasSpoken = false;
  #firstSpeechMs: number | null = null;
  #speakingMs = 0;
  #longestPauseMs = 0;
  #pauseStartMs: number | null = null;
  #awaitingTentative = false;
  /** Whether the last segment was sent to the STT. */
  #keptPrevious = false;

  constructor(options: AnswerListenerOptions) {
    this.#t = { ...DEFAULT_ANSWER_TIMING, ...pick(options, DEFAULT_ANSWER_TIMING) };
    this.#clock = options.clock;
    this.result = new Promise<CapturedAnswer>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.result.catch(() => undefined); // cancel() rejects; nobody has to listen.
    const startedAtMs = options.startedAtMs ?? options.clock.now();
    this.#decoder = new ReceiveDecoder({ startedAtMs, jitterMs: this.#t.jitterMs }, (frame) => this.#frame(frame));
    this.#segmenter = new SpeechSegmenter(pick(options, DEFAULT_SEGMENTER_OPTIONS), {
      speechStart: (atMs) => this.#speechStart(atMs),
      segment: (segment) => this.#segment(segment),
    });
    this.#transcriber = new SegmentTranscriber({
      stt: options.stt,
      signal: this.#life.signal,
      language: options.language,
      onText: (text) => this.#emit(this.#partialCbs, text),
    });
    if (options.signal) {
      if (options.signal.aborted) queueMicrotask(() => this.cancel());
      else options.signal.addEventListener('abort', () => this.cancel(), { once: true, signal: this.#life.signal });
    }
    this.#ticker = this.#tick();
  }

  onPartial(cb: (transcriptSoFar: string) => void): void {
    this.#partialCbs.push(cb);
  }

  onTentativeEnd(cb: (transcriptSoFar: string) => void): void {
    this.#tentativeCbs.push(cb);
  }

  /** Called each time speech starts after silence, with its audio time (ms since listening began). */
  onSpeechStart(cb: (atMs: number) => void): void {
    this.#speechStartCbs.push(cb);
  }

  /** Feeds one packet (in arrival order). Ignored once the answer has ended. */
  push(packet: OpusPacket): void {
    if (this.#ended) return;
    this.#decoder.push(packet);
  }

  /** Feeds packets until the iterable ends or the answer ends. */
  async consume(packets: AsyncIterable<OpusPacket> | Iterable<OpusPacket>): Promise<void> {
    for await (const packet of packets) {
      if (this.#ended) break;
      this.push(packet);
    }
  }

  /** Ends the answer now (the Done button); `result` resolves with endReason 'done'. */
  finish(): void {
    if (this.#ended) return;
    this.#decoder.flushTo(this.#clock.now());
    this.#end('done');
  }

  /** Abandons the answer: STT calls are aborted and `result` rejects with an AbortError. */
  cancel(): void {
    if (this.#life.signal.aborted) return;
    this.#ended = true;
    this.#listening.abort();
    this.#life.abort(new DOMException('answer cancelled', 'AbortError'));
    this.#reject(this.#life.signal.reason as Error);
  }

  /** Stops everything and waits for the background work to settle. */
  async close(): Promise<void> {
    if (!this.#ended) this.cancel();
    await this.#ticker;
    await this.#transcriber.idle();
  }

  /** Whether the answer has ended (or was cancelled); `result` settles once transcription is done. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Counters so far. */
  get stats(): ListenerStats {
    return {
      packets: this.#decoder.packets,
      decodeErrors: this.#decoder.decodeErrors,
      segments: this.#segments,
      sttCalls: this.#transcriber.calls,
      sttAudioMs: this.#transcriber.sentAudioMs,
      droppedHallucinations: this.#transcriber.droppedHallucinations,
      inaudibleSegments: this.#transcriber.failedSegments,
      heldPcmBytes: this.#segmenter.heldBytes,
    };
  }

  /** Advances the timeline from the clock so pauses are noticed while no packets arrive. */
  async #tick(): Promise<void> {
    while (!this.#ended) {
      try {
        await this.#clock.sleep(this.#t.tickMs, this.#listening.signal);
      } catch {
        return;
      }
      if (!this.#ended) this.#decoder.advanceTo(this.#clock.now());
    }
  }

  #frame(frame: Buffer): void {
    if (this.#ended) return;
    this.#segmenter.push(frame);
    const nowMs = this.#segmenter.nowMs;
    const lastSpeech = this.#segmenter.lastSpeechEndMs;
    if (this.#pauseStartMs === null && lastSpeech !== null && lastSpeech < nowMs) this.#pauseStartMs = lastSpeech;
    if (nowMs >= this.#t.maxAnswerMs) this.#end('max_duration');
    else if (this.#hasSpoken && lastSpeech !== null && nowMs - lastSpeech >= this.#t.endOfAnswerSilenceMs) this.#end('silence');
    else if (!this.#hasSpoken && !this.#segmenter.inSegment && nowMs >= this.#t.noSpeechTimeoutMs) this.#end('no_speech');
  }

  #speechStart(atMs: number): void {
    if (this.#pauseStartMs !== null && this.#hasSpoken) this.#longestPauseMs = Math.max(this.#longestPauseMs, atMs - this.#pauseStartMs);
    this.#pauseStartMs = null;
    this.#awaitingTentative = false;
    this.#emit(this.#speechStartCbs, atMs);
  }

  #segment(segment: SpeechSegment): void {
    // A piece that continues speech already sent is part of it, however short: never a lone cough.
    const keep = segment.voicedMs >= this.#t.minSpeechMs || (segment.continuesPrevious && this.#keptPrevious);
    this.#keptPrevious = keep;
    if (!keep) return;
    this.#segments++;
    if (!this.#hasSpoken) {
      this.#hasSpoken = true;
      this.#firstSpeechMs = segment.speechStartMs;
    }
    this.#speakingMs += segment.speechEndMs - segment.speechStartMs;
    this.#transcriber.add(segment);
    if (segment.cutBy !== 'pause' || this.#ended) return;
    // The candidate paused: once everything so far is transcribed, the answer may be over.
    this.#awaitingTentative = true;
    void this.#transcriber.idle().then(() => {
      if (this.#awaitingTentative && !this.#ended && this.#transcriber.pending === 0) {
        this.#awaitingTentative = false;
        this.#emit(this.#tentativeCbs, this.#transcriber.text);
      }
    });
  }

  #end(reason: AnswerEndReason): void {
    if (this.#ended) return;
    this.#segmenter.flush();
    this.#ended = true;
    const durationMs = this.#segmenter.nowMs;
    this.#listening.abort();
    void this.#finalize(reason, durationMs);
  }

  async #finalize(reason: AnswerEndReason, durationMs: number): Promise<void> {
    try {
      await this.#ticker;
      await this.#transcriber.idle();
      const transcript = this.#transcriber.text;
      const analytics = speechAnalytics(
        { firstSpeechMs: this.#firstSpeechMs, speakingMs: this.#speakingMs, longestPauseMs: this.#longestPauseMs },
        transcript,
      );
      this.#resolve({ transcript, analytics, durationMs, endReason: reason });
    } catch (err) {
      // `result` must settle either way: the interview waits on it.
      this.#reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #emit<T>(cbs: Array<(value: T) => void>, value: T): void {
    for (const cb of cbs) {
      try {
        cb(value);
      } catch {
        // A listener's bug must not break the pipeline.
      }
    }
  }
}

/** The subset of `source` whose keys appear in `defaults` and are defined. */
function pick<T extends object>(source: object, defaults: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(defaults) as Array<keyof T>) {
    const value = (source as Partial<T>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
