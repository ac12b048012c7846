import type { AnswerCapture, AnswerEndReason, CapturedAnswer, InterviewIO, SessionView, SpokenCommand } from '../../../src/interview/InterviewIO.ts';
import type { SpeechAnalytics } from '../../../src/interview/types.ts';

/** A scripted answer played automatically when the session listens. */
export interface ScriptedAnswer {
  transcript: string;
  endReason?: AnswerEndReason;
  /** Partial transcripts emitted first (live captions). */
  partials?: string[];
  /** Emit a tentative end with the final transcript, then wait this long before the answer ends (default: no tentative end). */
  pauseMs?: number;
  /** Before anything happens. */
  delayMs?: number;
  /** Say only this spoken command (nothing else happens in this capture). */
  command?: SpokenCommand;
  /** Ask for time to think (a hold) after the partials, for this long (ms) before going on. */
  holdMs?: number;
}

export function analyticsFor(transcript: string): SpeechAnalytics {
  const wordCount = transcript.split(/\s+/).filter(Boolean).length;
  return { timeToFirstWordMs: wordCount ? 300 : null, speakingMs: wordCount * 400, wordsPerMinute: wordCount ? 150 : null, longestPauseMs: 500, fillerWordCount: 0, wordCount };
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A capture the test can drive by hand. */
export class FakeCapture implements AnswerCapture {
  readonly number: number;
  cancelled = false;
  finished = false;
  transcriptSoFar = '';
  /**
   * What finish() adds to the transcript so far: the last segment, still being transcribed when
   * the answer was ended (like the voice pipeline), delivered after `finishDelayMs`.
   */
  lastWords = '';
  finishDelayMs = 0;
  /** performance.now() when the answer ended, or null. */
  endedAtMs: number | null = null;
  readonly #partial: Array<(t: string) => void> = [];
  readonly #tentative: Array<(t: string) => void> = [];
  readonly #hold: Array<(h: boolean) => void> = [];
  readonly #command: Array<(c: SpokenCommand) => void> = [];
  #resolve!: (a: CapturedAnswer) => void;
  #reject!: (e: Error) => void;
  #settled = false;
  readonly result: Promise<CapturedAnswer>;

  constructor(number: number) {
    this.number = number;
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.result.catch(() => undefined);
  }

  onPartial(cb: (t: string) => void): void {
    this.#partial.push(cb);
  }

  onTentativeEnd(cb: (t: string) => void): void {
    this.#tentative.push(cb);
  }

  /** Ends the answer with what was said so far (plus `lastWords`, after `finishDelayMs`). */
  finish(): void {
    this.finished = true;
    const transcript = [this.transcriptSoFar, this.lastWords].filter(Boolean).join(' ');
    if (this.finishDelayMs <= 0) this.end(transcript, 'done');
    else setTimeout(() => this.end(transcript, 'done'), this.finishDelayMs);
  }

  cancel(): void {
    this.cancelled = true;
    this.fail(new Error('cancelled'));
  }

  onHold(cb: (h: boolean) => void): void {
    this.#hold.push(cb);
  }

  onCommand(cb: (c: SpokenCommand) => void): void {
    this.#command.push(cb);
  }

  hold(holding: boolean): void {
    for (const cb of this.#hold) cb(holding);
  }

  command(command: SpokenCommand): void {
    for (const cb of this.#command) cb(command);
  }

  partial(text: string): void {
    this.transcriptSoFar = text;
    for (const cb of this.#partial) cb(text);
  }

  tentativeEnd(text = this.transcriptSoFar): void {
    for (const cb of this.#tentative) cb(text);
  }

  end(transcript: string, endReason: AnswerEndReason = transcript.trim() ? 'silence' : 'no_speech', durationMs = 5_000): void {
    if (this.#settled) return;
    this.#settled = true;
    this.endedAtMs = performance.now();
    this.#resolve({ transcript, analytics: analyticsFor(transcript), durationMs, endReason });
  }

  fail(err: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(err);
  }
}

/** Scripted candidate: records what the session says and shows; answers from a queue or by hand. */
export class FakeInterviewIO implements InterviewIO {
  readonly spoken: Array<{ text: string; atMs: number; completed: boolean }> = [];
  readonly prepared: string[] = [];
  readonly acknowledged: string[] = [];
  readonly views: SessionView[] = [];
  readonly captures: FakeCapture[] = [];
  readonly answers: ScriptedAnswer[];
  speakMs: number;
  readonly #scripts = new Set<Promise<void>>();
  readonly #waiters: Array<() => void> = [];

  constructor(opts: { answers?: ScriptedAnswer[]; speakMs?: number } = {}) {
    this.answers = [...(opts.answers ?? [])];
    this.speakMs = opts.speakMs ?? 0;
  }

  async speak(text: string, signal: AbortSignal): Promise<void> {
    const entry = { text, atMs: performance.now(), completed: false };
    this.spoken.push(entry);
    this.#notify();
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.speakMs);
      signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
    entry.completed = !signal.aborted;
    this.#notify();
  }

  prepareSpeech(text: string): void {
    this.prepared.push(text);
  }

  acknowledge(text: string): void {
    this.acknowledged.push(text);
    this.#notify();
  }

  listen(ctx: { number: number; signal: AbortSignal }): AnswerCapture {
    const capture = new FakeCapture(ctx.number);
    ctx.signal.addEventListener('abort', () => capture.fail(new Error('aborted')), { once: true });
    this.captures.push(capture);
    const script = this.answers.shift();
    if (script) {
      const p = this.#play(capture, script, ctx.signal).finally(() => this.#scripts.delete(p));
      this.#scripts.add(p);
    }
    this.#notify();
    return capture;
  }

  show(view: SessionView): void {
    this.views.push(view);
    this.#notify();
  }

  async #play(c: FakeCapture, s: ScriptedAnswer, signal: AbortSignal): Promise<void> {
    await wait(s.delayMs ?? 1);
    if (s.command) return c.command(s.command);
    for (const p of s.partials ?? []) {
      if (signal.aborted) return;
      c.partial(p);
      await wait(1);
    }
    if (signal.aborted) return;
    if (s.holdMs !== undefined) {
      c.hold(true);
      await wait(s.holdMs);
      c.hold(false);
    }
    if (s.transcript) c.partial(s.transcript);
    if (s.pauseMs !== undefined) {
      c.tentativeEnd(s.transcript);
      await wait(s.pauseMs);
    }
    if (!signal.aborted) c.end(s.transcript, s.endReason);
  }

  #notify(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Resolves when `pred` holds (checked after every speak/listen/show), or rejects after `timeoutMs`. */
  async until<T>(pred: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (performance.now() > deadline) throw new Error('FakeInterviewIO.until timed out');
      await Promise.race([new Promise<void>((r) => this.#waiters.push(r)), wait(20)]);
    }
  }

  /** The `index`-th capture (0-based), once the session listens for it. */
  capture(index: number): Promise<FakeCapture> {
    return this.until(() => this.captures[index]);
  }

  /** Awaits the scripted answers still playing. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#scripts]);
  }
}
