import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';
import type { DocumentWorkers } from './DocumentWorkers.ts';
import { runDocumentWorker } from './runDocumentWorker.ts';
import { PdfPoolBusy, type PdfWorkerPool } from './PdfWorkerPool.ts';
import { JobTimeout, runBounded } from './runBounded.ts';

/** Reads a .docx's raw text; rejects with an Error named like mammoth's or jszip's failure. */
export type DocxTextExtractor = (
  data: Uint8Array,
  options: { signal: AbortSignal; maxHeapMb?: number | undefined; workers?: DocumentWorkers | undefined },
) => Promise<string>;

/** Options for {@link readDocx}. */
export interface ReadDocxOptions {
  /** Bound on reading, worker start included, counted from when the job gets a worker; default 15 000 ms. */
  timeoutMs?: number;
  /** Heap cap of the worker, in MB; default 256. */
  maxHeapMb?: number;
  /** How the text is extracted; default mammoth in a worker thread. */
  extract?: DocxTextExtractor;
  /** The same pool as the PDF workers: both are heavy, short and CPU-bound. */
  pool?: PdfWorkerPool;
  /** Cancels the read, queued or running; the rejection is then the signal's reason, not a UserError. */
  signal?: AbortSignal;
}

const defaultTimeoutMs = 15_000;

/** mammoth in a worker thread, like the PDF reader. */
export const extractDocxTextInWorker: DocxTextExtractor = async (data, options) => (await runDocumentWorker({ format: 'docx', data }, options)).text;

/**
 * Extracts the raw text of a Word (.docx) document, bounded in time and memory like a PDF.
 * Returns the text as mammoth gives it; emptiness and normalisation are the caller's.
 * @throws UserError `pdf_busy` (the pool's queue is full), `docx_too_complex` (longer than
 *   `timeoutMs`, past the heap cap, or XML parts declared larger than 64 MB), `docx_corrupt`
 *   (anything mammoth cannot read: a damaged zip, a zip without a Word document); or `signal`'s
 *   reason when aborted.
 */
export async function readDocx(bytes: Uint8Array, fileName: string, role: DocumentRole | null, options: ReadDocxOptions = {}): Promise<string> {
  const extract = options.extract ?? extractDocxTextInWorker;
  const { signal } = options;
  let text: string;
  try {
    text = await runBounded((jobSignal) => extract(bytes, { signal: jobSignal, maxHeapMb: options.maxHeapMb, workers: options.pool?.workers }), {
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      pool: options.pool,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof PdfPoolBusy) throw documentErrors.pdfBusy(role, fileName, error);
    const name = error instanceof Error ? error.name : undefined;
    if (error instanceof JobTimeout || name === 'PdfWorkerError' || name === 'DocxTooLarge') throw documentErrors.docxTooComplex(role, fileName, error);
    throw documentErrors.docxCorrupt(role, fileName, error);
  }
  if (typeof text !== 'string') throw documentErrors.docxCorrupt(role, fileName, new Error('the Word reader returned no text'));
  return text;
}
