import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';
import type { RawPdfText } from './extractPdfText.ts';
import { extractPdfTextInWorker, type PdfTextExtractor } from './extractPdfTextInWorker.ts';

/** Options for {@link readPdf}. */
export interface ReadPdfOptions {
  /** Only pages 1..maxPdfPages are read. */
  maxPdfPages: number;
  /** Bound on the whole parse, worker start included; default 15 000 ms. */
  timeoutMs?: number;
  /** Heap cap of the parsing worker, in MB; default 256. */
  maxHeapMb?: number;
  /** How the text is extracted; default pdf-parse in a worker thread. Tests pass misbehaving ones. */
  extract?: PdfTextExtractor;
}

/** Fewer letters than this in the pages read means there is no usable text layer. */
const minLetters = 20;
const defaultTimeoutMs = 15_000;

/** Why the parse stopped when it was our decision, not pdf.js's. */
class PdfTimeout extends Error {
  override name = 'PdfTimeout';
}

/**
 * Extracts the text layer of the first `maxPdfPages` pages of a PDF, bounded in time and memory.
 * @throws UserError `pdf_encrypted` (a password is needed to open it), `pdf_corrupt` (anything
 *   pdf.js cannot read, whatever it throws), `pdf_too_complex` (longer than `timeoutMs`, or past
 *   the worker's heap cap), `pdf_no_text` (fewer than 20 letters in the pages read: a scan).
 */
export async function readPdf(bytes: Uint8Array, fileName: string, role: DocumentRole | null, options: ReadPdfOptions): Promise<RawPdfText> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const extract = options.extract ?? extractPdfTextInWorker;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new PdfTimeout(`no result after ${timeoutMs} ms`);
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
  });
  let result: RawPdfText;
  let work: Promise<RawPdfText> | undefined;
  try {
    work = extract(bytes, { maxPdfPages: options.maxPdfPages, signal: controller.signal, maxHeapMb: options.maxHeapMb });
    // The race protects against an extractor that ignores the signal; ours terminates its worker.
    result = await Promise.race([work, timedOut]);
  } catch (error) {
    if (error instanceof PdfTimeout) throw documentErrors.pdfTooComplex(role, fileName, error);
    const name = error instanceof Error ? error.name : undefined;
    if (name === 'PasswordException') throw documentErrors.pdfEncrypted(role, fileName, error);
    if (name === 'PdfWorkerError') throw documentErrors.pdfTooComplex(role, fileName, error);
    throw documentErrors.pdfCorrupt(role, fileName, error);
  } finally {
    clearTimeout(timer);
    // A parse that lost the race may still settle later: observe it so it cannot go unhandled.
    work?.catch(() => undefined);
  }
  if (typeof result?.text !== 'string' || !Number.isInteger(result.pages) || !Number.isInteger(result.pagesRead)) {
    throw documentErrors.pdfCorrupt(role, fileName, new Error('the PDF reader returned no text result'));
  }
  const letters = result.text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) throw documentErrors.pdfNoText(role, fileName);
  return result;
}
