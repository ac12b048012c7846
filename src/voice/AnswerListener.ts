import type { AnswerCapture, AnswerEndReason, CapturedAnswer, Clock, SpokenCommand } from '../interview/InterviewIO.ts';
import { DEFAULT_ANSWER_TIMING, pick, type AnswerListenerOptions, type AnswerTimingOptions, type ListenerStats } from './AnswerListenerOptions.ts';
import { type OpusPacket, ReceiveDecoder } from './ReceiveDecoder.ts';
import { SegmentTranscriber } from './SegmentTranscriber.ts';
import { speechAnalytics } from './speechAnalytics.ts';
import { DEFAULT_SEGMENTER_OPTIONS, type SpeechSegment, SpeechSegmenter } from './SpeechSegmenter.ts';

export { DEFAULT_ANSWER_TIMING, type AnswerListenerOptions, type AnswerTimingOptions, type ListenerStats, type PauseDecision } from './AnswerListenerOptions.ts';

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
  readonly #holdCbs: Array<(holding: boolean) => void> = [];
  readonly #commandCbs: Array<(command: SpokenCommand) => void> = [];
  readonly #decideEnd: AnswerListenerOptions['endOfAnswer'];
  /** The silence that ends the answer at the current pause; reset when speech starts. */
  #limitMs: number;
  /** Counts speech onsets: a decision made for an older pause is stale. */
  #pause = 0;
  #holding = false;
  #deciding: Promise<void> = Promise.resolve();
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
    this.#decideEnd = options.endOfAnswer;
    this.#limitMs = this.#t.endOfAnswerSilenceMs;
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
      commandOf: options.commandOf,
      onCommand: (command) => this.#command(command),
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

  onHold(cb: (holding: boolean) => void): void {
    this.#holdCbs.push(cb);
  }

  onCommand(cb: (command: SpokenCommand) => void): void {
    this.#commandCbs.push(cb);
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
    await this.#deciding;
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
    else if (this.#hasSpoken && lastSpeech !== null && nowMs - lastSpeech >= this.#limitMs) this.#end('silence');
    else if (!this.#hasSpoken && !this.#segmenter.inSegment && nowMs >= this.#t.noSpeechTimeoutMs) this.#end('no_speech');
  }

  #speechStart(atMs: number): void {
    if (this.#pauseStartMs !== null && this.#hasSpoken) this.#longestPauseMs = Math.max(this.#longestPauseMs, atMs - this.#pauseStartMs);
    this.#pauseStartMs = null;
    this.#awaitingTentative = false;
    this.#pause++;
    this.#limitMs = this.#t.endOfAnswerSilenceMs;
    if (this.#holding) this.#emit(this.#holdCbs, (this.#holding = false));
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
        this.#decide(this.#transcriber.text);
      }
    });
  }

  /** Asks how long this pause may last; the answer applies only if the candidate is still silent. */
  #decide(transcript: string): void {
    const decide = this.#decideEnd;
    if (!decide || transcript.trim() === '') return;
    const pause = this.#pause;
    const deciding = decide(transcript, this.#listening.signal).then((d) => {
      if (pause !== this.#pause || this.#ended) return;
      this.#limitMs = d.silenceLimitMs;
      if (d.hold !== this.#holding) this.#emit(this.#holdCbs, (this.#holding = d.hold));
      // A short limit may already be past: end now rather than at the next tick.
      this.#decoder.advanceTo(this.#clock.now());
    }, () => undefined);
    this.#deciding = this.#deciding.then(() => deciding);
  }

  /** A spoken command: not part of the answer; before any words, the candidate has not spoken yet. */
  #command(command: SpokenCommand): void {
    if (this.#transcriber.text === '') {
      this.#hasSpoken = false;
      this.#firstSpeechMs = null;
    }
    this.#emit(this.#commandCbs, command);
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
