import { PDFParse } from 'pdf-parse';
import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';

/** The part of pdf-parse's `PDFParse` we use; tests may pass a stand-in that misbehaves. */
export interface PdfTextParser {
  getText(params: { first: number; pageJoiner: string }): Promise<{ text: string; total: number; pages: { num: number }[] }>;
  destroy(): Promise<void>;
}

/** Options for {@link readPdf}. */
export interface ReadPdfOptions {
  /** Only pages 1..maxPdfPages are read. */
  maxPdfPages: number;
  /** Bound on the whole parse; default 15 000 ms. */
  timeoutMs?: number;
  /** Creates the parser; default pdf-parse with JavaScript evaluation disabled. */
  openPdf?: (data: Uint8Array) => PdfTextParser;
}

/** Raw text of the pages read, before normalisation. */
export interface PdfText {
  text: string;
  /** Pages in the file. */
  pages: number;
  /** Pages actually read (≤ maxPdfPages). */
  pagesRead: number;
}

/** Fewer letters than this in the pages read means there is no usable text layer. */
const minLetters = 20;
const defaultTimeoutMs = 15_000;
/** How long we wait for pdf.js to release a document before giving up on it. */
const destroyTimeoutMs = 1_000;

function openWithPdfParse(data: Uint8Array): PdfTextParser {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  // isEvalSupported: false keeps font programs from being compiled with new Function().
  return new PDFParse({ data: data.slice(), isEvalSupported: false, stopAtErrors: false });
}

class PdfTimeout extends Error {}

/** Resolves with `promise`, or rejects with PdfTimeout after `ms`; the timer never outlives it. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Extracts the text layer of the first `maxPdfPages` pages of a PDF with pdf-parse, bounded in
 * time; the parser is always destroyed, even after a timeout.
 * @throws UserError `pdf_encrypted` (a password is needed to open it), `pdf_corrupt` (anything
 *   pdf.js cannot read, whatever it throws), `pdf_timeout` (parsing took longer than
 *   `timeoutMs`), `pdf_no_text` (fewer than 20 letters in the pages read: a scan or images).
 */
export async function readPdf(bytes: Uint8Array, fileName: string, role: DocumentRole | null, options: ReadPdfOptions): Promise<PdfText> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  let parser: PdfTextParser | undefined;
  let result: Awaited<ReturnType<PdfTextParser['getText']>>;
  let work: Promise<unknown> | undefined;
  try {
    parser = (options.openPdf ?? openWithPdfParse)(bytes);
    const getText = parser.getText({ first: options.maxPdfPages, pageJoiner: '' });
    work = getText;
    result = await within(getText, timeoutMs);
  } catch (error) {
    if (error instanceof PdfTimeout) throw documentErrors.pdfTimeout(role, fileName, timeoutMs);
    const name = error instanceof Error ? error.name : undefined;
    if (name === 'PasswordException') throw documentErrors.pdfEncrypted(role, fileName, error);
    throw documentErrors.pdfCorrupt(role, fileName, error);
  } finally {
    // A parse that timed out may still settle later: observe it so it cannot go unhandled.
    work?.catch(() => undefined);
    if (parser) await within(parser.destroy(), destroyTimeoutMs).catch(() => undefined);
  }
  if (typeof result?.text !== 'string' || !Number.isInteger(result.total)) {
    throw documentErrors.pdfCorrupt(role, fileName, new Error('pdf-parse returned no text result'));
  }
  const letters = result.text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) throw documentErrors.pdfNoText(role, fileName);
  return { text: result.text, pages: result.total, pagesRead: result.pages.length };
}
