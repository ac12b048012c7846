import type { Logger } from '../logger.ts';
import type { AnswerCapture, CapturedAnswer, Clock, InterviewIO } from './InterviewIO.ts';
import { untilAborted } from '../util/TaskGroup.ts';

/** Options of {@link AnswerCaptureSlot}. */
export interface AnswerCaptureSlotOptions {
  /** The port whose `listen` starts a capture; read at each start. */
  io: () => InterviewIO;
  /** Aborts every capture (session shutdown). */
  signal: AbortSignal;
  /** The session's clock (kept answers' bounded waits). */
  clock: Clock;
  /** Starts an owned background task (the session's task group). */
  spawn: (name: string, fn: () => Promise<void>) => void;
  logger?: Logger | undefined;
  /** The live transcript of the answer to question `number` grew; `durationMs` since listening began. */
  onPartial: (transcriptSoFar: string, number: number, durationMs: number) => void;
  /** The candidate paused while answering question `number`: the answer may be over. */
  onTentativeEnd: (number: number, transcriptSoFar: string) => void;
  /** The current answer really ended (a failed capture ends as an empty answer). */
  onEnded: (answer: CapturedAnswer) => void;
}

/**
 * An answer whose capture was ended early (stop, shutdown, candidate left) and whose result is
 * held so that what the candidate said is not lost.
 */
export interface KeptAnswer {
  number: number;
  /**
   * The capture's result if it settles within `boundMs` (the last segment being transcribed);
   * otherwise the capture is cancelled and the transcript seen so far is used. Never rejects.
   */
  settle(boundMs: number): Promise<CapturedAnswer>;
  /** Not wanted any more: the capture is cancelled, its outcome ignored. */
  drop(): void;
}

/**
 * The one answer being captured through {@link InterviewIO.listen}. Callbacks of a capture that
 * was replaced or cancelled are ignored, so a late event from an old capture can never reach
 * the session; a capture whose result fails ends as an empty (unanswered) answer.
 */
export class AnswerCaptureSlot {
  readonly #o: AnswerCaptureSlotOptions;
  #current: Entry | null = null;
  #partial = '';

  constructor(opts: AnswerCaptureSlotOptions) {
    this.#o = opts;
  }

  /** Live transcript of the current answer ('' before the first words). */
  get partial(): string {
    return this.#partial;
  }

  /** Cancels any current capture and starts capturing the answer to question `number`. Throws if the port does. */
  start(number: number): void {
    this.cancel();
    this.#partial = '';
    const controller = new AbortController();
    const capture = this.#o.io().listen({ number, signal: AbortSignal.any([controller.signal, this.#o.signal]) });
    const entry: Entry = { number, capture, controller, partial: '', startedAtMs: this.#o.clock.now() };
    this.#current = entry;
    const current = (): boolean => this.#current === entry && !controller.signal.aborted;
    capture.onPartial((text) => {
      if (!controller.signal.aborted) entry.partial = text; // also while kept
      if (!current()) return;
      this.#partial = text;
      this.#o.onPartial(text, number, Math.max(0, Math.round(this.#o.clock.now() - entry.startedAtMs)));
    });
    capture.onTentativeEnd((text) => {
      if (current()) this.#o.onTentativeEnd(number, text);
    });
    this.#o.spawn('answer capture', async () => {
      let answer: CapturedAnswer;
      try {
        answer = await untilAborted(capture.result, controller.signal);
      } catch (err) {
        if (!current()) return;
        this.#o.logger?.warn({ err }, 'answer capture failed; recorded as unanswered');
        answer = { transcript: '', analytics: emptyAnalytics(), durationMs: 0, endReason: 'no_speech' };
      }
      if (!current()) return;
      this.#current = null;
      this.#o.onEnded(answer);
    });
  }

  /** "I'm done": the current capture ends now, with what was said. */
  finish(): void {
    this.#current?.capture.finish();
  }

  /**
   * Ends the current capture now ("I'm done" semantics) but takes it out of the slot: its result
   * does not end the answer through `onEnded`; it is held for the caller to save. Null when no
   * answer is being captured.
   */
  keep(): KeptAnswer | null {
    const entry = this.#current;
    this.#current = null;
    if (!entry) return null;
    const { logger: log, clock } = this.#o;
    const fromPartial = (): CapturedAnswer => {
      const transcript = entry.partial.trim();
      const durationMs = Math.max(0, Math.round(clock.now() - entry.startedAtMs));
      return { transcript, analytics: emptyAnalytics(), durationMs, endReason: transcript ? 'done' : 'no_speech' };
    };
    const result = untilAborted(entry.capture.result, entry.controller.signal);
    result.catch(() => undefined);
    try {
      entry.capture.finish();
    } catch (err) {
      log?.warn({ err }, 'finishing a kept answer failed');
    }
    return {
      number: entry.number,
      settle: async (boundMs) => {
        const timer = new AbortController();
        const timeout = clock.sleep(boundMs, timer.signal).then(() => null, () => null);
        try {
          const answer = await Promise.race([result, timeout]);
          if (answer) return answer;
          log?.warn({ boundMs }, 'a kept answer took too long to finish; saving the transcript seen so far');
        } catch (err) {
          log?.warn({ err }, 'a kept answer failed to finish; saving the transcript seen so far');
        } finally {
          timer.abort();
          await timeout;
        }
        const answer = fromPartial();
        drop(entry);
        return answer;
      },
      drop: () => drop(entry),
    };
  }

  /** The current capture is not wanted any more; its outcome is ignored. */
  cancel(): void {
    const entry = this.#current;
    this.#current = null;
    if (!entry) return;
    drop(entry);
  }
}

interface Entry {
  number: number;
  capture: AnswerCapture;
  controller: AbortController;
  /** Latest live transcript (the fallback when a kept answer cannot finish in time). */
  partial: string;
  /** Clock ms when listening began. */
  startedAtMs: number;
}

function drop(entry: Entry): void {
  if (entry.controller.signal.aborted) return;
  entry.controller.abort();
  entry.capture.cancel();
}

function emptyAnalytics(): CapturedAnswer['analytics'] {
  return { timeToFirstWordMs: null, speakingMs: 0, wordsPerMinute: null, longestPauseMs: 0, fillerWordCount: 0, wordCount: 0 };
}
