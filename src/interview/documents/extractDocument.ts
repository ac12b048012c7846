import type { DocumentLimits, DocumentRole } from './DocumentLimits.ts';
import type { ExtractedDocument } from './ExtractedDocument.ts';
import { buildDocument, roleSubject } from './buildDocument.ts';
import { detectDocumentKind } from './detectDocumentKind.ts';
import { detectOcr } from './detectOcr.ts';
import { documentErrors } from './documentErrors.ts';
import type { OcrReader } from './ocrPdf.ts';
import { readDocx, type ReadDocxOptions } from './readDocx.ts';
import { readPdf, type ReadPdfOptions } from './readPdf.ts';
import { readText } from './readText.ts';
import { sniffDocument } from './sniffDocument.ts';

/** An uploaded file, already downloaded. */
export interface DocumentInput {
  bytes: Uint8Array;
  fileName: string;
  contentType?: string | null;
}

/** Tuning for tests and callers; the defaults suit the bot. */
export interface ExtractDocumentOptions {
  /** Bound on reading a PDF or a Word document; default 15 000 ms. */
  pdfTimeoutMs?: number;
  /** Heap cap of the PDF/Word worker thread, in MB; default 256. */
  pdfMaxHeapMb?: number;
  /** How PDF text is extracted; default pdf-parse in a worker thread. */
  extractPdf?: ReadPdfOptions['extract'];
  /** How Word text is extracted; default mammoth in a worker thread. */
  extractDocx?: ReadDocxOptions['extract'];
  /**
   * Reads scanned PDFs (no text layer) by OCR. Default: tesseract + pdftoppm when this machine
   * has them (looked for once), else none. null: never; a scan is then refused (`pdf_no_text`).
   */
  ocr?: OcrReader | null;
  /** Bound on the OCR of one scan; default 90 000 ms. */
  ocrTimeoutMs?: number;
  /** Only the first pages of a scan are read by OCR; default 5. */
  maxOcrPages?: number;
  /** Caps PDF/Word workers and OCR jobs running at once (the bot shares one; see PDF_WORKERS); default: no cap. */
  pdfPool?: ReadPdfOptions['pool'];
  /** Cancels reading a PDF or Word document, queued or running; the rejection is then the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Turns an uploaded resume or job description (PDF, Word .docx, or plain text: .txt/.md,
 * text/plain) into normalised text within the limits. A PDF longer than `maxPdfPages` is not
 * refused: its first pages are read and a notice says so. A scanned PDF is read by OCR when
 * available, with a notice. Text longer than `maxChars` is cut at a word boundary, with a notice.
 *
 * The name and content type only have to be ones we accept; the bytes decide what the file is
 * (sniffDocument): a Word file named `.txt` is read as Word, a PDF named `.docx` as a PDF.
 * @throws UserError with code `document_wrong_type`, `document_too_large`, `document_empty`,
 *   `document_binary`, `doc_old_format`, `docx_encrypted`, `docx_corrupt`, `docx_too_complex`,
 *   `pdf_busy`, `pdf_encrypted`, `pdf_corrupt`, `pdf_too_complex`, `pdf_ocr_failed` or `pdf_no_text`.
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

  const format = sniffDocument(bytes);
  if (format === 'pdf' || (format === 'unknown' && declaredKind === 'pdf')) return readPdfDocument(input, limits, role, options);
  if (format === 'docx') {
    const text = await readDocx(bytes, fileName, role, {
      timeoutMs: options.pdfTimeoutMs,
      maxHeapMb: options.pdfMaxHeapMb,
      extract: options.extractDocx,
      pool: options.pdfPool,
      signal: options.signal,
    });
    return buildDocument(text, { kind: 'docx', pages: null, truncated: false, notices: [], fileName }, limits, role);
  }
  if (format === 'encrypted-office') throw documentErrors.docxEncrypted(role, fileName);
  if (format === 'doc') throw documentErrors.docOld(role, fileName);
  // A .docx cut short may have lost its document's name: damaged, as far as the user can tell.
  if (format === 'zip' && declaredKind === 'word') throw documentErrors.docxCorrupt(role, fileName, new Error('a zip without word/document.xml'));
  if (format === 'zip') throw documentErrors.wrongType(role, fileName, 'a zip archive, not a Word document');
  if (format === 'office-other') throw documentErrors.wrongType(role, fileName, 'an old Office file that is not a Word document');
  if (declaredKind === 'word') throw documentErrors.docxCorrupt(role, fileName, new Error('neither a zip nor a Compound File'));

  const text = readText(bytes, fileName, role);
  return buildDocument(text, { kind: 'text', pages: null, truncated: false, notices: [], fileName }, limits, role);
}

/** A PDF's text layer, or its OCR when it has none. */
async function readPdfDocument(input: DocumentInput, limits: DocumentLimits, role: DocumentRole, options: ExtractDocumentOptions): Promise<ExtractedDocument> {
  const pdf = await readPdf(input.bytes, input.fileName, role, {
    maxPdfPages: limits.maxPdfPages,
    timeoutMs: options.pdfTimeoutMs,
    maxHeapMb: options.pdfMaxHeapMb,
    extract: options.extractPdf,
    ocr: options.ocr === undefined ? await detectOcr() : options.ocr,
    ocrTimeoutMs: options.ocrTimeoutMs,
    maxOcrPages: options.maxOcrPages,
    pool: options.pdfPool,
    signal: options.signal,
  });
  const skippedPages = pdf.pagesRead < pdf.pages;
  const notices: string[] = [];
  if (pdf.ocr) notices.push(`${roleSubject(role)} has no text layer (it looks like a scan), so its text was read by OCR and may contain misread words.`);
  if (skippedPages) notices.push(`${roleSubject(role)} has ${pdf.pages} pages; only the first ${pdf.pagesRead === 1 ? 'page was' : `${pdf.pagesRead} were`} read.`);
  return buildDocument(pdf.text, { kind: 'pdf', ocr: pdf.ocr, pages: pdf.pages, truncated: skippedPages, notices, fileName: input.fileName }, limits, role);
}
