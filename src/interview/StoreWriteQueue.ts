import { setTimeout as sleep } from 'node:timers/promises';
import type { AnswerInput, EvaluationResult, Store } from './Store.ts';
import type { Logger } from '../logger.ts';
import { backoffDelayMs } from '../util/backoffDelayMs.ts';
import type { InterviewStatus } from './types.ts';

/** One queued store write: the arguments of one write method of {@link Store}. */
export type StoreWrite =
  | { op: 'saveAnswer'; input: AnswerInput }
  | { op: 'saveEvaluation'; guildId: string; interviewId: string; number: number; result: EvaluationResult }
  | { op: 'finishInterview'; guildId: string; interviewId: string; status: Exclude<InterviewStatus, 'in_progress'>; finalScore: number | null }
  | { op: 'setFinalScore'; guildId: string; interviewId: string; finalScore: number | null };

/** Where writes still pending at shutdown go (a file under DATA_DIR); synchronous so that it is quick and cannot be cut half-way by an exit. */
export interface WriteJournalPort {
  /** Replaces the journal with `writes` (in order); an empty list removes it. */
  write(writes: readonly StoreWrite[]): void;
}

/** Options of {@link StoreWriteQueue}. All times in milliseconds. */
export interface StoreWriteQueueOptions {
  store: Store;
  /** Whether a failed write may succeed later (see db/isTransientStoreError.ts); others are logged and dropped. */
  isTransient: (err: unknown) => boolean;
  logger?: Logger | undefined;
  /** First backoff after a transient failure; doubled per consecutive failure, with jitter (default 250). */
  baseDelayMs?: number;
  /** Backoff cap (default 10 000): how late a returning database is noticed at worst. */
  maxDelayMs?: number;
  /** Jitter source in [0, 1); injectable for tests. */
  random?: () => number;
  /** Writes kept at most (all interviews); past it a write is refused (default 10 000). */
  maxPending?: number;
}

/** Defaults of {@link StoreWriteQueueOptions}. */
export const STORE_WRITE_DEFAULTS = { baseDelayMs: 250, maxDelayMs: 10_000, maxPending: 10_000 } as const;

/** A write refused because {@link StoreWriteQueueOptions.maxPending} writes are already waiting. */
export class StoreWriteQueueFullError extends Error {
  override name = 'StoreWriteQueueFullError';
}

interface Item {
  write: StoreWrite;
  inFlight: boolean;
}

interface Lane {
  items: Item[];
  running: boolean;
  /** Resolvers of {@link StoreWriteQueue.idle} calls waiting for this lane. */
  idle: Array<() => void>;
}

/** The queue's backoff: {@link backoffDelayMs} with equal jitter (half the step fixed, half random). */
export function storeBackoffDelayMs(failures: number, opts: { baseDelayMs: number; maxDelayMs: number; random: () => number }): number {
  return backoffDelayMs(failures, { ...opts, jitter: 'equal' });
}

/**
 * The one retry policy for store writes made during (and after) interviews. Writes are queued
 * per interview and written in order; the caller's promise resolves as soon as the write is
 * accepted, so a candidate never waits for the database. A transient failure (database
 * restarting, network blip, pool exhausted) closes one shared gate for a backoff (exponential,
 * jittered, capped; one timer for the whole queue) and every lane retries when it opens, so the
 * queue flushes soon after the database returns. A non-transient failure (constraint
 * violation, missing interview) is a bug: logged without data and dropped. The queue belongs to
 * the process, not to a session: it keeps flushing after an interview ended. {@link close}
 * (shutdown) journals what is still pending; replaying the journal at start is {@link enqueue}
 * of its writes in order (every write is idempotent).
 */
export class StoreWriteQueue {
  /** `store` whose write methods go through this queue; every other method is the store's own. */
  readonly store: Store;
  readonly #o: StoreWriteQueueOptions;
  readonly #lanes = new Map<string, Lane>();
  readonly #controller = new AbortController();
  #gate: Promise<void> | null = null;
  #failures = 0;
  #pending = 0;
  #journal: WriteJournalPort | null = null;

  constructor(opts: StoreWriteQueueOptions) {
    this.#o = opts;
    const target = opts.store;
    const accept = (write: StoreWrite): Promise<void> => {
      try {
        this.enqueue(write);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const writes: Partial<Store> = {
      saveAnswer: (input) => accept({ op: 'saveAnswer', input }),
      saveEvaluation: (guildId, interviewId, number, result) => accept({ op: 'saveEvaluation', guildId, interviewId, number, result }),
      finishInterview: (guildId, interviewId, status, finalScore) => accept({ op: 'finishInterview', guildId, interviewId, status, finalScore }),
      setFinalScore: (guildId, interviewId, finalScore) => accept({ op: 'setFinalScore', guildId, interviewId, finalScore }),
    };
    // A proxy, not a class listing every method: methods added to Store later pass straight through.
    this.store = new Proxy(target, {
      get(t, prop) {
        if (typeof prop === 'string' && prop in writes) return writes[prop as keyof Store];
        const value: unknown = Reflect.get(t, prop, t);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
  }

  /** Writes accepted and not written (or dropped) yet, all interviews. */
  get pendingCount(): number {
    return this.#pending;
  }

  /** Whether any write of `interviewId` is not written yet. */
  hasPending(interviewId: string): boolean {
    return (this.#lanes.get(interviewId)?.items.length ?? 0) > 0;
  }

  /** Question numbers of `interviewId` whose answer or evaluation is not saved yet (ascending). */
  pendingQuestions(interviewId: string): number[] {
    const numbers = new Set<number>();
    for (const { write } of this.#lanes.get(interviewId)?.items ?? []) {
      if (write.op === 'saveAnswer') numbers.add(write.input.number);
      else if (write.op === 'saveEvaluation') numbers.add(write.number);
    }
    return [...numbers].sort((a, b) => a - b);
  }

  /**
   * Queues `write` after every earlier write of the same interview. A provisional answer row
   * still waiting behind others is replaced by a newer row of the same question (coalesced).
   * @throws StoreWriteQueueFullError past `maxPending`
   */
  enqueue(write: StoreWrite): void {
    const key = interviewIdOf(write);
    let lane = this.#lanes.get(key);
    const last = lane?.items.at(-1);
    if (last && !last.inFlight && write.op === 'saveAnswer' && last.write.op === 'saveAnswer' && last.write.input.number === write.input.number) {
      last.write = write;
      return;
    }
    if (this.#pending >= (this.#o.maxPending ?? STORE_WRITE_DEFAULTS.maxPending)) {
      this.#o.logger?.error({ op: write.op, interviewId: key, pending: this.#pending }, 'store write queue full; write refused');
      throw new StoreWriteQueueFullError(`store write queue full (${this.#pending} writes waiting)`);
    }
    if (!lane) {
      lane = { items: [], running: false, idle: [] };
      this.#lanes.set(key, lane);
    }
    lane.items.push({ write, inFlight: false });
    this.#pending++;
    if (this.#journal) {
      this.#journalNow(); // after close(): straight to the journal
      return;
    }
    if (!lane.running) this.#run(key, lane);
  }

  /** Resolves when nothing is pending for `interviewId` (or, without it, for any interview). */
  async idle(interviewId?: string): Promise<void> {
    const lanes = interviewId === undefined ? [...this.#lanes.values()] : [this.#lanes.get(interviewId)].filter((l) => l !== undefined);
    await Promise.all(lanes.map((lane) => new Promise<void>((resolve) => lane.idle.push(resolve))));
    if (interviewId === undefined && this.#lanes.size > 0) await this.idle();
  }

  /**
   * Shutdown: gives pending writes up to `flushWithinMs` to reach the store (not when the last
   * attempt already failed), then stops
   * retrying and writes what is left (in flight included: writes are idempotent) to `journal`.
   * Writes accepted afterwards go to the journal too. Returns how many writes were journaled.
   */
  async close(journal: WriteJournalPort, flushWithinMs: number): Promise<number> {
    // While backing off the database is known to be down: journal at once rather than wait.
    if (this.#pending > 0 && flushWithinMs > 0 && !this.#gate) {
      const timer = new AbortController();
      await Promise.race([this.idle(), sleep(flushWithinMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
      timer.abort();
    }
    this.#journal = journal;
    this.#controller.abort(new Error('store write queue closed'));
    return this.#journalNow();
  }

  /** Writes every pending write to the journal now, synchronously (last resort before a forced exit). */
  journalNow(journal: WriteJournalPort): number {
    this.#journal ??= journal;
    return this.#journalNow();
  }

  #journalNow(): number {
    const writes = [...this.#lanes.values()].flatMap((l) => l.items.map((i) => i.write));
    try {
      this.#journal?.write(writes);
      if (writes.length > 0) this.#o.logger?.warn({ writes: writes.length }, 'store writes still pending were journaled; they are replayed at the next start');
    } catch (err) {
      this.#o.logger?.error({ err, writes: writes.length }, 'could not journal pending store writes; they are lost');
    }
    return writes.length;
  }

  /** Starts the write loop of one interview: owned by the queue, never rejects. */
  #run(key: string, lane: Lane): void {
    lane.running = true;
    void this.#loop(lane)
      .catch((err: unknown) => this.#o.logger?.error({ err, interviewId: key }, 'store write loop failed'))
      .finally(() => {
        lane.running = false;
        if (lane.items.length === 0) {
          if (this.#lanes.get(key) === lane) this.#lanes.delete(key);
          for (const resolve of lane.idle.splice(0)) resolve();
        } else if (!this.#controller.signal.aborted) {
          this.#run(key, lane); // a write queued while the loop was ending
        }
      });
  }

  async #loop(lane: Lane): Promise<void> {
    const { signal } = this.#controller;
    while (lane.items.length > 0 && !signal.aborted) {
      if (this.#gate) {
        try {
          await this.#gate;
        } catch {
          return; // closed while backing off: the item stays pending and is journaled
        }
        continue;
      }
      const item = lane.items[0]!;
      item.inFlight = true;
      try {
        await apply(this.#o.store, item.write);
        this.#failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        if (this.#o.isTransient(err)) {
          item.inFlight = false;
          this.#backOff(err, item.write);
          continue;
        }
        // Never the row: only which write it was and what kind of failure.
        this.#o.logger?.error({ err: describe(err), op: item.write.op, interviewId: interviewIdOf(item.write) }, 'store write failed for good (not transient); dropped');
      }
      lane.items.shift();
      this.#pending--;
    }
  }

  /** Closes the shared gate for one backoff (unless it is closed already): one timer for the whole queue. */
  #backOff(err: unknown, write: StoreWrite): void {
    if (this.#gate) return;
    this.#failures++;
    const delayMs = storeBackoffDelayMs(this.#failures, {
      baseDelayMs: this.#o.baseDelayMs ?? STORE_WRITE_DEFAULTS.baseDelayMs,
      maxDelayMs: this.#o.maxDelayMs ?? STORE_WRITE_DEFAULTS.maxDelayMs,
      random: this.#o.random ?? Math.random,
    });
    this.#o.logger?.warn({ err: describe(err), op: write.op, failures: this.#failures, delayMs, pending: this.#pending }, 'store write failed; retrying after a backoff');
    const gate = sleep(delayMs, undefined, { signal: this.#controller.signal });
    this.#gate = gate;
    gate.then(
      () => {
        if (this.#gate === gate) this.#gate = null;
      },
      () => undefined, // closed: the gate stays shut
    );
  }
}

function interviewIdOf(write: StoreWrite): string {
  return write.op === 'saveAnswer' ? write.input.interviewId : write.interviewId;
}

function apply(store: Store, w: StoreWrite): Promise<void> {
  switch (w.op) {
    case 'saveAnswer':
      return store.saveAnswer(w.input);
    case 'saveEvaluation':
      return store.saveEvaluation(w.guildId, w.interviewId, w.number, w.result);
    case 'finishInterview':
      return store.finishInterview(w.guildId, w.interviewId, w.status, w.finalScore);
    case 'setFinalScore':
      return store.setFinalScore(w.guildId, w.interviewId, w.finalScore);
  }
}

/** What kind of failure, never a message that could quote a row. */
function describe(err: unknown): { name: string; code?: unknown; status?: unknown } {
  return err instanceof Error ? { name: err.name, code: (err as { code?: unknown }).code, status: (err as { status?: unknown }).status } : { name: typeof err };
}
