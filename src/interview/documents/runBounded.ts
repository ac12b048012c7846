import type { PdfWorkerPool, ReleaseSlot } from './PdfWorkerPool.ts';

/** Options of {@link runBounded}. */
export interface RunBoundedOptions {
  /** Bound on the job, counted from when it gets a slot. */
  timeoutMs: number;
  /** Caps jobs running at once, queueing the rest; without one, the job starts at once. */
  pool?: PdfWorkerPool | undefined;
  /** Cancels the job, queued or running; the rejection is then the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Why a bounded job stopped when it was our decision, not the job's. */
export class JobTimeout extends Error {
  override name = 'JobTimeout';
}

const noSlot: ReleaseSlot = () => undefined;

/**
 * Runs one heavy document job (a PDF or Word worker, an OCR process) with a slot from `pool`,
 * a timeout and the caller's signal. The job gets a signal of its own, aborted on timeout or
 * when the caller aborts; it must stop its thread or process then. The slot is released only
 * once the job has settled, even when the race was lost, so the pool never has more jobs alive
 * than its cap.
 * @throws PdfPoolBusy when the pool's queue is full; JobTimeout after `timeoutMs`; the caller's
 *   signal reason when aborted; otherwise whatever the job rejects with.
 */
export async function runBounded<T>(job: (signal: AbortSignal) => Promise<T>, options: RunBoundedOptions): Promise<T> {
  const { signal, pool } = options;
  const release = pool ? await pool.acquire(signal) : (signal?.throwIfAborted(), noSlot);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onCallerAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new JobTimeout(`no result after ${options.timeoutMs} ms`);
      controller.abort(reason);
      reject(reason);
    }, options.timeoutMs);
    onCallerAbort = () => {
      controller.abort(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onCallerAbort, { once: true });
  });
  let work: Promise<T> | undefined;
  try {
    signal?.throwIfAborted();
    work = job(controller.signal);
    // The race protects against a job that ignores its signal.
    return await Promise.race([work, stopped]);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    if (onCallerAbort) signal?.removeEventListener('abort', onCallerAbort);
    // A job that lost the race may still settle later: observe it so it cannot go unhandled.
    if (work) work.then(release, release);
    else release();
  }
}
