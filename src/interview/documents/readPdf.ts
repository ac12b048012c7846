import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';
import type { RawPdfText } from './extractPdfText.ts';
import { extractPdfTextInWorker, type PdfTextExtractor } from './runDocumentWorker.ts';
import type { OcrReader } from './ocrPdf.ts';
import { PdfPoolBusy, type PdfWorkerPool } from './PdfWorkerPool.ts';
import { JobTimeout, runBounded } from './runBounded.ts';

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
  /** Reads a PDF without a text layer by OCR; null or absent: such a PDF is refused (`pdf_no_text`). */
  ocr?: OcrReader | null;
  /** Only the first `maxOcrPages` pages of a scan are read by OCR (the user is told); default 5. */
  maxOcrPages?: number;
  /** Bound on the OCR of a scan, all pages, counted from when it gets a slot; default 90 000 ms. */
  ocrTimeoutMs?: number;
  /** Caps the workers (and OCR jobs) running at once, queueing the rest; without one, every call starts at once. */
  pool?: PdfWorkerPool;
  /** Cancels the read, queued or running; the rejection is then the signal's reason, not a UserError. */
  signal?: AbortSignal;
}

/** A PDF's text, and whether it came from OCR rather than the text layer. */
export interface PdfText extends RawPdfText {
  ocr: boolean;
}

/** Fewer letters than this in the pages read means there is no usable text layer. */
const minLetters = 20;
const defaultTimeoutMs = 15_000;
const defaultMaxOcrPages = 5;
const defaultOcrTimeoutMs = 90_000;

function hasText(text: string): boolean {
  return (text.match(/\p{L}/gu)?.length ?? 0) >= minLetters;
}

/**
 * Extracts the text layer of the first `maxPdfPages` pages of a PDF, bounded in time and memory.
 * With a `pool`, waits for a worker first; the worker's slot is freed only once its extraction
 * has settled (for the default extractor: once its thread is idle again or has exited). A PDF without a text
 * layer (a scan) is read by `ocr` when one is given, under a slot of the same pool.
 * @throws UserError `pdf_busy` (the pool's queue is full), `pdf_encrypted` (a password is
 *   needed to open it), `pdf_corrupt` (anything pdf.js cannot read, whatever it throws),
 *   `pdf_too_complex` (longer than `timeoutMs`, or past the worker's heap cap, or OCR longer
 *   than `ocrTimeoutMs`), `pdf_ocr_failed` (the OCR tools failed), `pdf_no_text` (fewer than 20
 *   letters in the pages read, by OCR too when there is one); or `signal`'s reason when aborted.
 */
export async function readPdf(bytes: Uint8Array, fileName: string, role: DocumentRole | null, options: ReadPdfOptions): Promise<PdfText> {
  const extract = options.extract ?? extractPdfTextInWorker;
  const { signal, pool } = options;
  let result: RawPdfText;
  try {
    result = await runBounded(
      (jobSignal) => extract(bytes, { maxPdfPages: options.maxPdfPages, signal: jobSignal, maxHeapMb: options.maxHeapMb, workers: pool?.workers }),
      { timeoutMs: options.timeoutMs ?? defaultTimeoutMs, pool, signal },
    );
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof PdfPoolBusy) throw documentErrors.pdfBusy(role, fileName, error);
    if (error instanceof JobTimeout) throw documentErrors.pdfTooComplex(role, fileName, error);
    const name = error instanceof Error ? error.name : undefined;
    if (name === 'PasswordException') throw documentErrors.pdfEncrypted(role, fileName, error);
    if (name === 'PdfWorkerError') throw documentErrors.pdfTooComplex(role, fileName, error);
    throw documentErrors.pdfCorrupt(role, fileName, error);
  }
  if (typeof result?.text !== 'string' || !Number.isInteger(result.pages) || !Number.isInteger(result.pagesRead)) {
    throw documentErrors.pdfCorrupt(role, fileName, new Error('the PDF reader returned no text result'));
  }
  if (hasText(result.text)) return { ...result, ocr: false };
  const ocr = options.ocr;
  if (!ocr) throw documentErrors.pdfNoText(role, fileName);

  const maxPages = Math.min(result.pagesRead, options.maxOcrPages ?? defaultMaxOcrPages);
  let scanned: Awaited<ReturnType<OcrReader>>;
  try {
    scanned = await runBounded((jobSignal) => ocr(bytes, { maxPages, signal: jobSignal }), {
      timeoutMs: options.ocrTimeoutMs ?? defaultOcrTimeoutMs,
      pool,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof PdfPoolBusy) throw documentErrors.pdfBusy(role, fileName, error);
    if (error instanceof JobTimeout) throw documentErrors.pdfTooComplex(role, fileName, error);
    throw documentErrors.pdfOcrFailed(role, fileName, error);
  }
  if (!hasText(scanned.text)) throw documentErrors.pdfNoText(role, fileName);
  return { text: scanned.text, pages: result.pages, pagesRead: scanned.pagesRead, ocr: true };
}
