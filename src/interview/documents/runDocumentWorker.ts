import type { DocumentWorkerInput } from './documentWorker.ts';
import { DocumentWorkers } from './DocumentWorkers.ts';
import type { RawPdfText } from './extractPdfText.ts';

/** Options for {@link extractPdfTextInWorker}. */
export interface PdfExtractionOptions {
  maxPdfPages: number;
  /** Aborting terminates the worker at once, even in the middle of pdf.js's synchronous work. */
  signal: AbortSignal;
  /** Heap cap of the worker, in MB; past it the worker dies instead of the bot. Default 256. */
  maxHeapMb?: number | undefined;
  /** Warm threads to run on (a PdfWorkerPool's `workers`); without them, a fresh thread for this job. */
  workers?: DocumentWorkers | undefined;
}

/** Reads a PDF's text; rejects with an Error whose `name` is pdf-parse's exception name. */
export type PdfTextExtractor = (data: Uint8Array, options: PdfExtractionOptions) => Promise<RawPdfText>;

/** Keeps no thread: each job gets a fresh one that ends with it. */
const freshWorkers = new DocumentWorkers({ maxWarm: 0 });

/**
 * Runs one document job (see documentWorker.ts) in a worker thread with a heap cap, so a hostile
 * file can neither block the event loop nor exhaust the bot's memory: aborting `signal`
 * terminates the thread, and the job settles only after it has exited. With `workers`, the job
 * runs on a warm thread that may serve the next one (see DocumentWorkers for what ends a thread);
 * without, on a fresh thread. Rejects with an Error named like the reader's exception, or
 * `PdfWorkerError` when the thread itself died (heap cap, crash).
 * @param input Its `data` is copied, so the caller's buffer stays usable.
 */
export function runDocumentWorker(
  input: DocumentWorkerInput,
  options: { signal: AbortSignal; maxHeapMb?: number | undefined; workers?: DocumentWorkers | undefined },
): Promise<RawPdfText> {
  return (options.workers ?? freshWorkers).run(input, options);
}

/** Runs pdf-parse in a worker thread (see {@link runDocumentWorker}). */
export const extractPdfTextInWorker: PdfTextExtractor = (data, options) =>
  runDocumentWorker({ format: 'pdf', data, maxPdfPages: options.maxPdfPages }, options);
