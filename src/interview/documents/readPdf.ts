import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';
import type { RawPdfText } from './extractPdfText.ts';
import { extractPdfTextInWorker, type PdfTextExtractor } from './extractPdfTextInWorker.ts';
import { PdfPoolBusy, type PdfWorkerPool, type ReleaseSlot } from './PdfWorkerPool.ts';

/** Options for {@link readPdf}. */
export interface ReadPdfOptions {
  /** Only pages 1..maxPdfPages are read. */
  maxPdfPages: number;
  /** Bound on the parse, worker start included, counted from when the job gets a worker; default 15 000 ms. */
  timeoutMs?: number;
  /** Heap cap of the parsing worker, in MB; default 256. */
  maxHeapMb?: number;
  /** How the text is extracted; default pdf-parse in a worker thread. Tests pass misbehaving ones. */
  extract?: PdfTextExtractor;
  /** Caps the workers running at once, queueing the rest; without one, every call starts its worker at once. */
  pool?: PdfWorkerPool;
  /** Cancels the read, queued or running; the rejection is then the signal's reason, not a UserError. */
  signal?: AbortSignal;
}

/** Fewer letters than this in the pages read means there is no usable text layer. */
const minLetters = 20;
const defaultTimeoutMs = 15_000;
const noSlot: ReleaseSlot = () => undefined;

/** Why the parse stopped when it was our decision, not pdf.js's. */
class PdfTimeout extends Error {
  override name = 'PdfTimeout';
}

/** Waits for a worker slot from `pool` (none: at once). */
async function acquire(pool: PdfWorkerPool | undefined, signal: AbortSignal | undefined, role: DocumentRole | null, fileName: string): Promise<ReleaseSlot> {
  try {
    return pool ? await pool.acquire(signal) : (signal?.throwIfAborted(), noSlot);
  } catch (error) {
    if (error instanceof PdfPoolBusy) throw documentErrors.pdfBusy(role, fileName, error);
    throw error;
  }
}

/**
 * Extracts the text layer of the first `maxPdfPages` pages of a PDF, bounded in time and memory.
 * With a `pool`, waits for a worker first; the worker's slot is freed only once its extraction
 * has settled (for the default extractor: once the thread has exited).
 * @throws UserError `pdf_busy` (the pool's queue is full), `pdf_encrypted` (a password is
 *   needed to open it), `pdf_corrupt` (anything pdf.js cannot read, whatever it throws),
 *   `pdf_too_complex` (longer than `timeoutMs`, or past the worker's heap cap), `pdf_no_text`
 *   (fewer than 20 letters in the pages read: a scan); or `signal`'s reason when aborted.
 */
export async function readPdf(bytes: Uint8Array, fileName: string, role: DocumentRole | null, options: ReadPdfOptions): Promise<RawPdfText> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const extract = options.extract ?? extractPdfTextInWorker;
  const { signal } = options;
  const release = await acquire(options.pool, signal, role, fileName);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onCallerAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new PdfTimeout(`no result after ${timeoutMs} ms`);
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
    onCallerAbort = () => {
      controller.abort(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onCallerAbort, { once: true });
  });
  let result: RawPdfText;
  let work: Promise<RawPdfText> | undefined;
  try {
    signal?.throwIfAborted();
    work = extract(bytes, { maxPdfPages: options.maxPdfPages, signal: controller.signal, maxHeapMb: options.maxHeapMb });
    // The race protects against an extractor that ignores the signal; ours terminates its worker.
    result = await Promise.race([work, stopped]);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof PdfTimeout) throw documentErrors.pdfTooComplex(role, fileName, error);
    const name = error instanceof Error ? error.name : undefined;
    if (name === 'PasswordException') throw documentErrors.pdfEncrypted(role, fileName, error);
    if (name === 'PdfWorkerError') throw documentErrors.pdfTooComplex(role, fileName, error);
    throw documentErrors.pdfCorrupt(role, fileName, error);
  } finally {
    clearTimeout(timer);
    if (onCallerAbort) signal?.removeEventListener('abort', onCallerAbort);
    // A parse that lost the race may still settle later: observe it so it cannot go unhandled,
    // and keep the worker's slot until then, so the pool never has more threads alive than its cap.
    if (work) work.then(release, release);
    else release();
  }
  if (typeof result?.text !== 'string' || !Number.isInteger(result.pages) || !Number.isInteger(result.pagesRead)) {
    throw documentErrors.pdfCorrupt(role, fileName, new Error('the PDF reader returned no text result'));
  }
  const letters = result.text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) throw documentErrors.pdfNoText(role, fileName);
  return result;
}
