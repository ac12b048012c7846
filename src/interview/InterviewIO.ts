import { setTimeout as sleep } from 'node:timers/promises';
import type { AnswerStatus, SpeechAnalytics } from './types.ts';

/**
 * The port through which an {@link InterviewSession} talks to the candidate. The Discord bot
 * implements it with voice (TTS out, the voice pipeline in) and a question card; tests implement
 * it with scripted answers. All durations are in milliseconds.
 */
export interface InterviewIO {
  /**
   * Says `text` to the candidate; resolves when it has been played completely. When `signal`
   * aborts (repeat, candidate left, stop), stop playing and resolve or reject promptly: the
   * session ignores the outcome of an aborted call.
   */
  speak(text: string, signal: AbortSignal): Promise<void>;
  /** Optional hint: `text` will probably be spoken soon; synthesise it now so `speak` starts at once. */
  prepareSpeech?(text: string): void;
  /**
   * Optional: say a short acknowledgement ("Thanks.") now, while the next question is prepared;
   * the next `speak` starts once it has been said. Never throws; failures are only logged.
   */
  acknowledge?(text: string): void;
  /**
   * Starts capturing the answer to question `number` (1-based). Called after the question was
   * spoken. `signal` aborts when the session no longer wants this answer (same as `cancel()`).
   * `question` is its text (the end-of-answer policy reads it).
   */
  listen(ctx: { number: number; question: string; signal: AbortSignal }): AnswerCapture;
  /** Renders the current state (the question card). Called on every change; must not throw. */
  show(view: SessionView): void;
}

/** One answer being captured by the voice pipeline. */
export interface AnswerCapture {
  /**
   * End the answer now with what was said; `result` resolves with endReason 'done' once the last
   * segment is transcribed. Used for "I'm done", and when the interview is stopped, shut down or
   * the candidate leaves mid-answer (their words are kept; the session bounds the wait).
   */
  finish(): void;
  /** The session does not want this answer any more; `result` may reject or resolve, it is ignored. */
  cancel(): void;
  /** Called with the whole transcript so far whenever it grows (live captions). */
  onPartial(cb: (transcriptSoFar: string) => void): void;
  /**
   * Called when the candidate paused for about a segment pause (~600 ms): the answer MAY be
   * over. The session starts preparing the next question speculatively from `transcriptSoFar`.
   * If the candidate speaks again, `onPartial` fires (and the speculation is discarded).
   */
  onTentativeEnd(cb: (transcriptSoFar: string) => void): void;
  /**
   * Optional: called when the candidate asked for time ("let me think": the hold limit applies)
   * with true, and with false when they speak again.
   */
  onHold?(cb: (holding: boolean) => void): void;
  /**
   * Optional: called when a segment at the start of an utterance was a spoken command ("can you
   * repeat the question"); its words are not part of the answer.
   */
  onCommand?(cb: (command: SpokenCommand) => void): void;
  /** Resolves when the answer really ended (end-of-answer pause, done, cap, or no speech at all). */
  result: Promise<CapturedAnswer>;
}

/** What a spoken command can do: the same as the card's buttons. */
export type SpokenCommandName = 'repeat' | 'skip' | 'done' | 'end';

/** A spoken command and the words heard (for the card). */
export interface SpokenCommand {
  command: SpokenCommandName;
  heard: string;
}

/** Why an answer ended. */
export type AnswerEndReason = 'silence' | 'done' | 'max_duration' | 'no_speech';

/** A finished answer from the voice pipeline. */
export interface CapturedAnswer {
  /** Final transcript; empty or whitespace when nothing was said (recorded as unanswered). */
  transcript: string;
  analytics: SpeechAnalytics;
  /** From the start of listening to the end of the answer. */
  durationMs: number;
  endReason: AnswerEndReason;
}

/** What the card shows. `phase` mirrors the session state. */
export type SessionPhase =
  | 'starting'
  | 'preparing'
  | 'asking'
  | 'answering'
  | 'paused'
  | 'completed'
  | 'abandoned'
  | 'interrupted'
  | 'failed';

/** A snapshot for the question card. */
export interface SessionView {
  interviewId: string;
  phase: SessionPhase;
  /** 1-based number of the current question (0 before the first one is ready). */
  number: number;
  /** Total number of questions (N). */
  total: number;
  /** The current question's text, or null while it is being prepared. */
  question: string | null;
  isFallback: boolean;
  /** Live transcript of the current answer ('' when none yet). */
  partialTranscript: string;
  /** When the question was first spoken (clock ms), or null. */
  askedAtMs: number | null;
  /** Until when Repeat is allowed (clock ms), or null when it is not. */
  repeatUntilMs: number | null;
  /** Which buttons make sense right now. */
  allowed: { repeat: boolean; done: boolean; skip: boolean; end: boolean };
  /** How the most recently recorded question ended (null before the first), so its card can say so. */
  lastAnswer?: RecordedAnswerView | null;
  /** The candidate asked for time to think: the card says "Take your time". */
  holding?: boolean;
  /** The last spoken command heard for this question ("repeat"), or null. */
  heard?: SpokenCommandName | null;
}

/** How a recorded question ended, as the card needs it. */
export interface RecordedAnswerView {
  /** 1-based. */
  number: number;
  status: AnswerStatus;
  /** The final transcript when answered, else null. */
  transcript: string | null;
}

/** Time source; injectable so tests can control it. Times in ms since the epoch. */
export interface Clock {
  now(): number;
  /**
   * Resolves after `ms`, or rejects as soon as `signal` aborts (the real clock rejects with an
   * `AbortError` whose `cause` is the signal's reason; callers only treat it as "stopped").
   */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The real clock; its sleep is `timers/promises`' abortable `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};
