import type { DocumentWorkerInput } from './documentWorker.ts';
import { DocumentWorkerThread, namedError } from './DocumentWorkerThread.ts';
import type { RawPdfText } from './extractPdfText.ts';

/** Options of {@link DocumentWorkers}. */
export interface DocumentWorkersOptions {
  /** Threads alive at once, busy or idle, when jobs come one per free slot; 0: a fresh thread per job. Default 2. */
  maxWarm?: number;
  /** An idle thread ends after this long without a job, in ms. Default 60 000. */
  idleMs?: number;
  /** A thread ends after this many jobs. Default 50. */
  maxJobs?: number;
  /** A thread ends after a job that left its V8 heap above this share of its cap. Default 0.5. */
  maxHeapShare?: number;
}

/** How one job runs; aborting `signal` terminates its thread at once, mid-parse too. */
export interface DocumentJobOptions {
  signal: AbortSignal;
  /** Heap cap of the thread, in MB; past it the thread dies instead of the bot. Default 256. */
  maxHeapMb?: number | undefined;
}

const defaults = { maxWarm: 2, idleMs: 60_000, maxJobs: 50, maxHeapShare: 0.5 };
const defaultMaxHeapMb = 256;

/**
 * Warm document worker threads, reused between jobs: a thread loads pdf.js (or mammoth) once
 * and then serves one job at a time. Threads start on first use and end after `idleMs` idle
 * (an unreferenced timer), so an idle bot holds none.
 *
 * Isolation is kept by ending a thread whenever it might carry something into the next job:
 * - a job that is aborted (caller or timeout) terminates its thread, and the job settles only
 *   once the thread has exited; the next job gets a new one;
 * - a thread that dies (heap cap, crash) fails only its own job, with `PdfWorkerError`;
 * - a job that fails in the reader (encrypted, invalid, ...) ends its thread too: a hostile file
 *   could have left pdf.js's state broken, and failures are rare enough to pay a fresh start;
 * - memory: a thread is recycled after `maxJobs` jobs, or after a job that left its heap in use
 *   above `maxHeapShare` of its cap (128 MB of 256), so a large PDF cannot keep it fat.
 * A recycled thread is terminated before its job settles, and a new thread first evicts idle
 * ones past `maxWarm`, so a caller that holds a slot per job (PdfWorkerPool) counts live threads.
 */
export class DocumentWorkers {
  readonly maxWarm: number;
  readonly #options: Required<DocumentWorkersOptions>;
  readonly #threads = new Set<DocumentWorkerThread>();
  /** Idle threads, oldest first, each with its idle timer. */
  readonly #idle = new Map<DocumentWorkerThread, NodeJS.Timeout>();
  #started = 0;

  constructor(options: DocumentWorkersOptions = {}) {
    this.#options = { ...defaults, ...options };
    this.maxWarm = this.#options.maxWarm;
    if (!Number.isInteger(this.maxWarm) || this.maxWarm < 0) throw new RangeError(`maxWarm must be a non-negative integer, not ${this.maxWarm}`);
  }

  /** Threads alive now, busy or idle. */
  get live(): number {
    return this.#threads.size;
  }

  /** Threads alive and waiting for a job. */
  get idle(): number {
    return this.#idle.size;
  }

  /** Threads ever started. */
  get started(): number {
    return this.#started;
  }

  /**
   * Runs one job on a warm thread (or a new one). Rejects with an Error named like the reader's
   * exception, `PdfWorkerError` when the thread died, or the signal's reason when aborted.
   */
  async run(input: DocumentWorkerInput, options: DocumentJobOptions): Promise<RawPdfText> {
    const { signal } = options;
    signal.throwIfAborted();
    const thread = await this.#take(options.maxHeapMb ?? defaultMaxHeapMb);
    const onAbort = (): void => void thread.terminate();
    signal.addEventListener('abort', onAbort, { once: true });
    let reply;
    try {
      if (signal.aborted) throw signal.reason;
      reply = await thread.run(input);
    } catch (error) {
      await thread.terminate();
      throw signal.aborted ? signal.reason : error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    thread.jobs++;
    const fat = reply.heapUsedBytes > thread.maxHeapMb * 1024 * 1024 * this.#options.maxHeapShare;
    if (signal.aborted || !reply.ok || fat || thread.jobs >= this.#options.maxJobs || !this.#park(thread)) await thread.terminate();
    signal.throwIfAborted();
    if (!reply.ok) throw namedError(reply.name, reply.message);
    return { text: reply.text, pages: reply.pages, pagesRead: reply.pagesRead };
  }

  /** Ends every idle thread (busy ones end with their jobs); resolves once they have exited. */
  async close(): Promise<void> {
    await Promise.all([...this.#idle.keys()].map((thread) => this.#unpark(thread).terminate()));
  }

  /** The newest idle thread with this heap cap, or a new one once idle threads past the cap are ended. */
  async #take(maxHeapMb: number): Promise<DocumentWorkerThread> {
    const idle = [...this.#idle.keys()].reverse().find((t) => t.maxHeapMb === maxHeapMb);
    if (idle) return this.#unpark(idle);
    const oldest = [...this.#idle.keys()].slice(0, Math.max(0, this.#threads.size - this.maxWarm + 1));
    await Promise.all(oldest.map((thread) => this.#unpark(thread).terminate()));
    const thread = new DocumentWorkerThread(maxHeapMb, (t) => this.#forget(t));
    this.#threads.add(thread);
    this.#started++;
    return thread;
  }

  /** Keeps a thread for the next job, with its idle timer; false when there is no room for it. */
  #park(thread: DocumentWorkerThread): boolean {
    if (!thread.alive || this.#idle.size >= this.maxWarm) return false;
    const timer = setTimeout(() => void this.#unpark(thread).terminate(), this.#options.idleMs);
    timer.unref();
    this.#idle.set(thread, timer);
    return true;
  }

  #unpark(thread: DocumentWorkerThread): DocumentWorkerThread {
    clearTimeout(this.#idle.get(thread));
    this.#idle.delete(thread);
    return thread;
  }

  /** A thread has exited: it is neither live nor idle any more. */
  #forget(thread: DocumentWorkerThread): void {
    this.#unpark(thread);
    this.#threads.delete(thread);
  }
}
