import { Worker } from 'node:worker_threads';
import type { DocumentWorkerInput, DocumentWorkerReply } from './documentWorker.ts';

const workerUrl = new URL('./documentWorker.ts', import.meta.url);

/** An Error with the given `name`: how worker failures and reader exceptions reach the caller. */
export function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, { cause });
  error.name = name;
  return error;
}

/**
 * One document worker thread (documentWorker.ts) with a heap cap, serving one job at a time.
 * Its job rejects with a `PdfWorkerError` when the thread dies under it (heap cap, crash,
 * terminate). Kept referenced while it works and unreferenced while idle, so an idle worker
 * never keeps the process alive.
 */
export class DocumentWorkerThread {
  readonly maxHeapMb: number;
  /** Jobs this thread has finished. */
  jobs = 0;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #alive = true;
  #pending: { resolve: (reply: DocumentWorkerReply) => void; reject: (error: Error) => void } | undefined;

  /** @param onExit called once when the thread has exited, for whatever reason. */
  constructor(maxHeapMb: number, onExit: (thread: DocumentWorkerThread) => void) {
    this.maxHeapMb = maxHeapMb;
    // The worker drops its own stdout and stderr (see documentWorker.ts).
    this.#worker = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    this.#worker.on('message', (reply: DocumentWorkerReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(reply);
    });
    // 'error' (an uncaught exception, ERR_WORKER_OUT_OF_MEMORY) comes before 'exit' and names the cause.
    this.#worker.on('error', (error) => this.#fail(namedError('PdfWorkerError', error.message, error)));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#alive = false;
        this.#fail(namedError('PdfWorkerError', `document worker exited with code ${code}`));
        onExit(this);
        resolve();
      });
    });
  }

  /** False once the thread has exited. */
  get alive(): boolean {
    return this.#alive;
  }

  /** True while a job is running. */
  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /**
   * Runs one job; its `data` is copied and transferred, so the caller's buffer stays usable.
   * @throws PdfWorkerError when the thread dies before it replies.
   */
  run(input: DocumentWorkerInput): Promise<DocumentWorkerReply> {
    if (!this.#alive) return Promise.reject(namedError('PdfWorkerError', 'document worker has exited'));
    if (this.#pending) return Promise.reject(new Error('document worker is busy'));
    const copy = input.data.slice();
    return new Promise<DocumentWorkerReply>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.ref();
      this.#worker.postMessage({ ...input, data: copy } satisfies DocumentWorkerInput, [copy.buffer]);
    }).finally(() => {
      if (this.#alive) this.#worker.unref();
    });
  }

  /** Stops the thread, even in the middle of a job (which then rejects); resolves once it has exited. */
  terminate(): Promise<void> {
    if (this.#alive) void this.#worker.terminate();
    return this.#exited;
  }

  #fail(error: Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(error);
  }
}
