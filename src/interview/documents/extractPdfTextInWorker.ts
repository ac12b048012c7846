import { Worker } from 'node:worker_threads';
import type { RawPdfText } from './extractPdfText.ts';
import type { PdfWorkerInput, PdfWorkerOutput } from './pdfWorker.ts';

/** Options for {@link extractPdfTextInWorker}. */
export interface PdfExtractionOptions {
  maxPdfPages: number;
  /** Aborting terminates the worker at once, even in the middle of pdf.js's synchronous work. */
  signal: AbortSignal;
  /** Heap cap of the worker, in MB; past it the worker dies instead of the bot. Default 256. */
  maxHeapMb?: number;
}

/** Reads a PDF's text; rejects with an Error whose `name` is pdf-parse's exception name. */
export type PdfTextExtractor = (data: Uint8Array, options: PdfExtractionOptions) => Promise<RawPdfText>;

const workerUrl = new URL('./pdfWorker.ts', import.meta.url);
const defaultMaxHeapMb = 256;

function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, { cause });
  error.name = name;
  return error;
}

/**
 * Runs pdf-parse in a worker thread with a heap cap, so a hostile PDF can neither block the
 * event loop nor exhaust the bot's memory: aborting `signal` terminates it. Resolves only after
 * the worker has exited.
 */
export const extractPdfTextInWorker: PdfTextExtractor = async (data, options) => {
  options.signal.throwIfAborted();
  const copy = data.slice();
  const worker = new Worker(workerUrl, {
    workerData: { data: copy, maxPdfPages: options.maxPdfPages } satisfies PdfWorkerInput,
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? defaultMaxHeapMb },
    stdout: true, // pdf.js may print warnings: keep them out of the bot's logs
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  const onAbort = (): void => void worker.terminate();
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const output = await new Promise<PdfWorkerOutput>((resolve, reject) => {
      worker.once('message', (message: PdfWorkerOutput) => resolve(message));
      worker.once('error', (error) => reject(namedError('PdfWorkerError', error.message, error)));
      worker.once('exit', (code) =>
        reject(options.signal.aborted ? options.signal.reason : namedError('PdfWorkerError', `PDF worker exited with code ${code}`)),
      );
    });
    if (!output.ok) throw namedError(output.name, output.message);
    return { text: output.text, pages: output.pages, pagesRead: output.pagesRead };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
};
