/** Options of {@link PdfWorkerPool}. */
export interface PdfWorkerPoolOptions {
  /** PDF worker threads alive at once, at most. Default 2. */
  maxWorkers?: number;
  /**
   * Jobs that may wait for a worker; one more is refused as busy. Default 4 per worker, so a job
   * at the back waits at most about four parse timeouts (a minute with the 15 s default).
   */
  maxQueued?: number;
}

/** Thrown by {@link PdfWorkerPool.acquire} when the queue is full; readPdf turns it into a UserError. */
export class PdfPoolBusy extends Error {
  override name = 'PdfPoolBusy';
}

/** Frees a worker slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

const defaultMaxWorkers = 2;
const queuedPerWorker = 4;

/**
 * Caps how many PDF worker threads run at once (Word documents and the OCR of scans take the
 * same slots: all three are short, heavy and CPU-bound), with a bounded FIFO queue of jobs waiting for
 * one. A slot is held from the worker's start until it has exited (runBounded releases it when the
 * job settles, which runDocumentWorker does only after the thread is gone), so the
 * cap counts live threads, including one being terminated after a timeout.
 *
 * Workers are not reused: each job gets a fresh thread that ends with it. pdf.js keeps caches
 * and global state per thread, and a hostile PDF can leave that state large or broken (or the
 * thread dead at its heap cap); a fresh worker per job means no document can affect the next
 * one, and a worker that times out or exceeds its memory limit is "replaced" simply by the next
 * job starting its own. Starting a worker costs tens of milliseconds, next to a parse of
 * hundreds. An idle pool holds no threads, so it needs no shutdown.
 */
export class PdfWorkerPool {
  readonly maxWorkers: number;
  readonly maxQueued: number;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #peakRunning = 0;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.maxWorkers = options.maxWorkers ?? defaultMaxWorkers;
    this.maxQueued = options.maxQueued ?? this.maxWorkers * queuedPerWorker;
    if (!Number.isInteger(this.maxWorkers) || this.maxWorkers < 1) throw new RangeError(`maxWorkers must be a positive integer, not ${this.maxWorkers}`);
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) throw new RangeError(`maxQueued must be a non-negative integer, not ${this.maxQueued}`);
  }

  /** Slots held now: workers starting, parsing or being terminated. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Most slots ever held at once. */
  get peakRunning(): number {
    return this.#peakRunning;
  }

  /**
   * Waits for a worker slot, first come first served.
   * @param signal aborting it while the job waits removes the job from the queue; the promise
   *   then rejects with the signal's reason. Once granted, the slot is the caller's to release.
   * @throws PdfPoolBusy at once when `maxQueued` jobs are already waiting.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.maxWorkers && this.#queue.length === 0) return Promise.resolve(this.#take());
    if (this.#queue.length >= this.maxQueued) {
      return Promise.reject(new PdfPoolBusy(`${this.#running} PDF workers busy and ${this.#queue.length} jobs queued`));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  /** Counts a slot as held and returns its one-shot release. */
  #take(): ReleaseSlot {
    this.#running++;
    this.#peakRunning = Math.max(this.#peakRunning, this.#running);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running--;
      this.#grantNext();
    };
  }

  /** Hands a free slot to the job at the head of the queue. */
  #grantNext(): void {
    while (this.#running < this.maxWorkers) {
      const next = this.#queue.shift();
      if (!next) return;
      next.signal?.removeEventListener('abort', next.onAbort);
      next.grant(this.#take());
    }
  }
}
