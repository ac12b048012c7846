import { Worker } from 'node:worker_threads';
import type { DocumentWorkerInput, DocumentWorkerOutput } from './documentWorker.ts';
import type { RawPdfText } from './extractPdfText.ts';

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

const workerUrl = new URL('./documentWorker.ts', import.meta.url);
const defaultMaxHeapMb = 256;

function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, { cause });
  error.name = name;
  return error;
}

/**
 * Runs one document job (see documentWorker.ts) in a fresh worker thread with a heap cap, so a
 * hostile file can neither block the event loop nor exhaust the bot's memory: aborting `signal`
 * terminates it. Resolves only after the worker has exited. Rejects with an Error named like the
 * reader's exception, or `PdfWorkerError` when the thread itself died (heap cap, crash).
 * @param input Its `data` is copied, so the caller's buffer stays usable.
 */
export async function runDocumentWorker(
  input: DocumentWorkerInput,
  options: { signal: AbortSignal; maxHeapMb?: number | undefined },
): Promise<RawPdfText> {
  options.signal.throwIfAborted();
  const copy = input.data.slice();
  const worker = new Worker(workerUrl, {
    workerData: { ...input, data: copy } satisfies DocumentWorkerInput,
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
    const output = await new Promise<DocumentWorkerOutput>((resolve, reject) => {
      worker.once('message', (message: DocumentWorkerOutput) => resolve(message));
      worker.once('error', (error) => reject(namedError('PdfWorkerError', error.message, error)));
      worker.once('exit', (code) =>
        reject(options.signal.aborted ? options.signal.reason : namedError('PdfWorkerError', `document worker exited with code ${code}`)),
      );
    });
    if (!output.ok) throw namedError(output.name, output.message);
    return { text: output.text, pages: output.pages, pagesRead: output.pagesRead };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

/** Runs pdf-parse in a worker thread (see {@link runDocumentWorker}). */
export const extractPdfTextInWorker: PdfTextExtractor = (data, options) =>
  runDocumentWorker({ format: 'pdf', data, maxPdfPages: options.maxPdfPages }, options);
