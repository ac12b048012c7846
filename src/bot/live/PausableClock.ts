import type { Clock } from '../../interview/InterviewIO.ts';

/**
 * A clock that stands still while paused: `now()` is frozen during a pause and afterwards runs
 * on from where it stopped. The voice pipeline measures silence on it, so while the bot's voice
 * connection is down (no packets can arrive) the candidate's answer does not "go silent" and
 * end: it resumes when the connection is back. `sleep` is the base clock's.
 */
export class PausableClock implements Clock {
  readonly #base: Clock;
  #pausedAtMs: number | null = null;
  /** Total time spent paused, in ms. */
  #offsetMs = 0;

  constructor(base: Clock) {
    this.#base = base;
  }

  now(): number {
    return (this.#pausedAtMs ?? this.#base.now()) - this.#offsetMs;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return this.#base.sleep(ms, signal);
  }

  /** True while paused. */
  get paused(): boolean {
    return this.#pausedAtMs !== null;
  }

  /** Stops the clock (idempotent). */
  pause(): void {
    this.#pausedAtMs ??= this.#base.now();
  }

  /** Lets the clock run on from where it stopped (idempotent). */
  resume(): void {
    if (this.#pausedAtMs === null) return;
    this.#offsetMs += this.#base.now() - this.#pausedAtMs;
    this.#pausedAtMs = null;
  }
}
