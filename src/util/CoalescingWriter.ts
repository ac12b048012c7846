/** Options of {@link CoalescingWriter}. Times in milliseconds. */
export interface CoalescingWriterOptions<T> {
  /** At least this long between the starts of two sends, in milliseconds (unless flushed); a function is asked at each send. */
  intervalMs: number | (() => number);
  /** Performs one write. At most one runs at a time. */
  send: (value: T) => Promise<void>;
  /** A failed send is reported here and not retried (a newer value will follow or be flushed). */
  onError: (error: unknown) => void;
  /** Two values with the same key are the same write: an unchanged value is not sent again. */
  keyOf?: (value: T) => string;
  /** Clock in milliseconds; defaults to `performance.now()`. */
  nowMs?: () => number;
  /** A value already written (e.g. a message as first posted): an update equal to it is not sent. */
  initial?: T;
}

/**
 * "Latest value wins": sends the latest of a stream of values, at most one send per `intervalMs`
 * and never more than one in flight. Updates that arrive meanwhile replace each other, so a slow
 * or rate-limited destination never builds a backlog of stale writes. Used for the live question
 * card (Discord edits) and for an answer's provisional rows (store writes). Owns its timer and
 * its send in flight: {@link CoalescingWriter.close} awaits them.
 */
export class CoalescingWriter<T> {
  readonly #o: CoalescingWriterOptions<T>;
  readonly #nowMs: () => number;
  #pending: { value: T } | null = null;
  #inFlight: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastSentAtMs = Number.NEGATIVE_INFINITY;
  #lastKey: string | null = null;
  #closed = false;

  constructor(options: CoalescingWriterOptions<T>) {
    this.#o = options;
    this.#nowMs = options.nowMs ?? (() => performance.now());
    if (options.initial !== undefined) this.#lastKey = options.keyOf?.(options.initial) ?? null;
  }

  /** Offers a new value; it replaces any value not yet sent. */
  update(value: T): void {
    if (this.#closed) return;
    this.#pending = { value };
    this.#schedule();
  }

  /**
   * Sends the pending value now (after the send in flight, if any), ignoring the interval; for
   * changes that must go out at once, like the end of an answer. Resolves when it has been sent.
   */
  async flush(): Promise<void> {
    this.#clearTimer();
    while (this.#inFlight) await this.#inFlight;
    this.#clearTimer();
    if (this.#pending && !this.#closed) await this.#start();
  }

  /** Drops anything unsent and waits for the send in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pending = null;
    this.#clearTimer();
    while (this.#inFlight) await this.#inFlight;
  }

  #schedule(): void {
    if (this.#inFlight || this.#timer || !this.#pending || this.#closed) return;
    const { intervalMs } = this.#o;
    const delayMs = Math.max(0, this.#lastSentAtMs + (typeof intervalMs === 'number' ? intervalMs : intervalMs()) - this.#nowMs());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#start();
    }, delayMs);
  }

  #start(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return Promise.resolve();
    const key = this.#o.keyOf?.(pending.value) ?? null;
    if (key !== null && key === this.#lastKey) return Promise.resolve();
    this.#lastKey = key;
    this.#lastSentAtMs = this.#nowMs();
    const run = (async () => {
      try {
        await this.#o.send(pending.value);
      } catch (error) {
        this.#lastKey = null;
        this.#o.onError(error);
      } finally {
        this.#inFlight = null;
        this.#schedule();
      }
    })();
    this.#inFlight = run;
    return run;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
