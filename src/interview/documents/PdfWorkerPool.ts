import { DocumentWorkers, type DocumentWorkersOptions } from './DocumentWorkers.ts';

/** Options of {@link PdfWorkerPool}. */
export interface PdfWorkerPoolOptions {
  /** PDF worker threads alive at once, at most. Default 2. */
  maxWorkers?: number;
  /**
   * Jobs that may wait for a worker; one more is refused as busy. Default 4 per worker, so a job
   * at the back waits at most about four parse timeouts (a minute with the 15 s default).
   */
  maxQueued?: number;
  /** How long warm threads live (idle time, jobs, heap); their number is `maxWorkers`. */
  workers?: Omit<DocumentWorkersOptions, 'maxWarm'>;
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
 * one. A slot is held for a job from its start until it has settled (runBounded releases it
 * then), and a job settles only once a thread that is not kept has exited, so live threads,
 * busy, idle or being terminated after a timeout, never exceed the cap.
 *
 * The threads themselves are kept warm in `workers` (at most `maxWorkers` of them, started on
 * first use, ended after a minute idle): a thread loads pdf.js once and serves one job at a time.
 * Starting one costs ~0.9 s of CPU (compiling pdf.js, loading canvas), more than parsing a
 * resume, so reuse is what lets the pool keep up with many uploads. A thread ends whenever it
 * could carry something into the next job: its job aborted or timed out, it died at its heap
 * cap, its reader failed, it grew its heap past half its cap, or it served 50 jobs (see
 * DocumentWorkers). Idle threads are unreferenced, so the pool needs no shutdown.
 */
export class PdfWorkerPool {
  readonly maxWorkers: number;
  readonly maxQueued: number;
  /** The warm worker threads the jobs of this pool run on (readPdf and readDocx pass them on). */
  readonly workers: DocumentWorkers;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #peakRunning = 0;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.maxWorkers = options.maxWorkers ?? defaultMaxWorkers;
    this.maxQueued = options.maxQueued ?? this.maxWorkers * queuedPerWorker;
    if (!Number.isInteger(this.maxWorkers) || this.maxWorkers < 1) throw new RangeError(`maxWorkers must be a positive integer, not ${this.maxWorkers}`);
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) throw new RangeError(`maxQueued must be a non-negative integer, not ${this.maxQueued}`);
    this.workers = new DocumentWorkers({ ...options.workers, maxWarm: this.maxWorkers });
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
