import type { DocumentLimits, DocumentRole } from './DocumentLimits.ts';
import type { ExtractedDocument } from './ExtractedDocument.ts';
import { buildDocument, roleSubject } from './buildDocument.ts';
import { detectDocumentKind, looksLikePdf } from './detectDocumentKind.ts';
import { documentErrors } from './documentErrors.ts';
import { readPdf, type ReadPdfOptions } from './readPdf.ts';
import { readText } from './readText.ts';

/** An uploaded file, already downloaded. */
export interface DocumentInput {
  bytes: Uint8Array;
  fileName: string;
  contentType?: string | null;
}

/** Tuning for tests and callers; the defaults suit the bot. */
export interface ExtractDocumentOptions {
  /** Bound on reading a PDF; default 15 000 ms. */
  pdfTimeoutMs?: number;
  /** Heap cap of the PDF worker thread, in MB; default 256. */
  pdfMaxHeapMb?: number;
  /** How PDF text is extracted; default pdf-parse in a worker thread. */
  extractPdf?: ReadPdfOptions['extract'];
  /** Caps PDF workers running at once (the bot shares one; see PDF_WORKERS); default: no cap. */
  pdfPool?: ReadPdfOptions['pool'];
  /** Cancels reading a PDF, queued or running; the rejection is then the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Turns an uploaded resume or job description (PDF, or plain text: .txt/.md, text/plain) into
 * normalised text within the limits. A PDF longer than `maxPdfPages` is not refused: its first
 * pages are read and a notice says so (a long job description with appendices still works).
 * Text longer than `maxChars` is cut at a word boundary, with a notice.
 *
 * The type is decided by the name/content type; bytes that start like a PDF are read as one
 * whatever the name says.
 * @throws UserError with code `document_wrong_type`, `document_too_large`, `document_empty`,
 *   `document_binary`, `pdf_busy`, `pdf_encrypted`, `pdf_corrupt`, `pdf_too_complex` or `pdf_no_text`.
 */
export async function extractDocument(
  input: DocumentInput,
  limits: DocumentLimits,
  role: DocumentRole,
  options: ExtractDocumentOptions = {},
): Promise<ExtractedDocument> {
  const { bytes, fileName } = input;
  const declaredKind = detectDocumentKind(fileName, input.contentType, role);
  if (bytes.length > limits.maxBytes) throw documentErrors.tooLarge(role, fileName, limits.maxBytes);
  if (bytes.length === 0) throw documentErrors.empty(role, fileName);

  if (declaredKind === 'pdf' || looksLikePdf(bytes)) {
    const pdf = await readPdf(bytes, fileName, role, {
      maxPdfPages: limits.maxPdfPages,
      timeoutMs: options.pdfTimeoutMs,
      maxHeapMb: options.pdfMaxHeapMb,
      extract: options.extractPdf,
      pool: options.pdfPool,
      signal: options.signal,
    });
    const skippedPages = pdf.pagesRead < pdf.pages;
    const notices = skippedPages
      ? [`${roleSubject(role)} has ${pdf.pages} pages; only the first ${pdf.pagesRead === 1 ? 'page was' : `${pdf.pagesRead} were`} read.`]
      : [];
    return buildDocument(pdf.text, { kind: 'pdf', pages: pdf.pages, truncated: skippedPages, notices, fileName }, limits, role);
  }

  const text = readText(bytes, fileName, role);
  return buildDocument(text, { kind: 'text', pages: null, truncated: false, notices: [], fileName }, limits, role);
}
