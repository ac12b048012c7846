import { UserError } from '../../UserError.ts';
import { formatMegabytes, type DocumentRole } from './DocumentLimits.ts';

/** `Your resume "cv.pdf"`, `The job description "jd.txt"`, `The file "x.pdf"` (role unknown). */
function subject(role: DocumentRole | null, fileName: string | null): string {
  const who = role === 'resume' ? 'Your resume' : role === 'job description' ? 'The job description' : 'The file';
  return fileName ? `${who} "${fileName}"` : who;
}

/** The same, in the middle of a sentence. */
function object(role: DocumentRole | null, fileName: string | null): string {
  return subject(role, fileName).replace(/^(Your|The)/, (w) => w.toLowerCase());
}

/** How to give us the document instead: the job description can also be pasted as text. */
function uploadInstead(role: DocumentRole | null): string {
  return role === 'job description'
    ? 'upload a PDF, a Word (.docx) or a .txt file, or paste the text in the jd_text option'
    : 'upload a PDF, a Word (.docx) or a .txt file';
}

/** How to give us the text when the PDF cannot be read. */
function textInstead(role: DocumentRole | null): string {
  return role === 'job description' ? 'paste the text in the jd_text option' : 'upload the text as a .txt file';
}

/**
 * The user-facing errors for documents, one stable `code` each. Every message names the file and
 * says what to do next. `role` is null when the caller does not say which document it is.
 */
export const documentErrors = {
  wrongType(role: DocumentRole | null, fileName: string, typeLabel: string): UserError {
    return new UserError(
      'document_wrong_type',
      `${subject(role, fileName)} is ${typeLabel}, which Hotseat can't read; ${uploadInstead(role)} ` +
        '(in Word or Google Docs: File → Save as / Download → PDF).',
    );
  },
  tooLarge(role: DocumentRole | null, fileName: string | null, maxBytes: number): UserError {
    return new UserError(
      'document_too_large',
      `${subject(role, fileName)} is larger than the ${formatMegabytes(maxBytes)} limit; upload a smaller file ` +
        '(a resume PDF is usually well under 1 MB: export it without large images).',
    );
  },
  empty(role: DocumentRole | null, fileName: string | null): UserError {
    return new UserError(
      'document_empty',
      `${subject(role, fileName)} is empty; ` +
        (fileName ? 'check that you attached the right file and try again.' : 'paste the full text and try again.'),
    );
  },
  binary(role: DocumentRole | null, fileName: string): UserError {
    return new UserError(
      'document_binary',
      `${subject(role, fileName)} is named like a text file but contains binary data, not text; ` +
        `${uploadInstead(role)} (in your editor: Save as → Plain text (.txt), UTF-8).`,
    );
  },
  pdfEncrypted(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'pdf_encrypted',
      `${subject(role, fileName)} is password-protected; remove the password (or export it again as a PDF ` +
        `without protection) and upload it again, or ${textInstead(role)}.`,
      { cause },
    );
  },
  pdfCorrupt(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'pdf_corrupt',
      `${subject(role, fileName)} is damaged or not a valid PDF; export it again from the original document, ` +
        `or ${textInstead(role)}.`,
      { cause },
    );
  },
  pdfTooComplex(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'pdf_too_complex',
      `${subject(role, fileName)} took too long or too much memory to read, so it is probably damaged or ` +
        `unusually complex; export it again as a simple PDF (text, few images), or ${textInstead(role)}.`,
      { cause },
    );
  },
  docxEncrypted(role: DocumentRole | null, fileName: string): UserError {
    return new UserError(
      'docx_encrypted',
      `${subject(role, fileName)} is a password-protected Word document; in Word, remove the password ` +
        `(File → Info → Protect Document → Encrypt with Password, clear it), save and upload it again, or ${textInstead(role)}.`,
    );
  },
  docOld(role: DocumentRole | null, fileName: string): UserError {
    return new UserError(
      'doc_old_format',
      `${subject(role, fileName)} is an old Word 97–2003 (.doc) file, which Hotseat can't read; open it in Word, ` +
        'LibreOffice or Google Docs and save it as .docx or PDF, then upload that.',
    );
  },
  docxCorrupt(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'docx_corrupt',
      `${subject(role, fileName)} is damaged or not a valid Word document; save it again as .docx or PDF ` +
        `from the original, or ${textInstead(role)}.`,
      { cause },
    );
  },
  docxTooComplex(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'docx_too_complex',
      `${subject(role, fileName)} took too long or too much memory to read, so it is probably damaged or ` +
        `unusually large; save it again as .docx or PDF without large embedded objects, or ${textInstead(role)}.`,
      { cause },
    );
  },
  pdfOcrFailed(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'pdf_ocr_failed',
      `${subject(role, fileName)} has no text layer (it looks like a scan) and reading it by OCR failed; ` +
        `export it with text from the original document, or ${textInstead(role)}.`,
      { cause },
    );
  },
  pdfBusy(role: DocumentRole | null, fileName: string, cause: unknown): UserError {
    return new UserError(
      'pdf_busy',
      `Hotseat is busy reading other people's PDFs and couldn't start on ${object(role, fileName)}; ` +
        'try again in a minute.',
      { cause },
    );
  },
  pdfNoText(role: DocumentRole | null, fileName: string): UserError {
    return new UserError(
      'pdf_no_text',
      `${subject(role, fileName)} has no text layer (it looks like a scan or an image); export it with text ` +
        `from the original document, run OCR on it, or ${textInstead(role)}.`,
    );
  },
  downloadFailed(role: DocumentRole | null, fileName: string, reason: string, cause?: unknown): UserError {
    return new UserError(
      'document_download_failed',
      `Couldn't download ${object(role, fileName)} (${reason}); attach it again and retry.`,
      { cause },
    );
  },
  downloadTimeout(role: DocumentRole | null, fileName: string, timeoutMs: number): UserError {
    return new UserError(
      'document_download_timeout',
      `Downloading ${object(role, fileName)} took longer than ${Math.ceil(timeoutMs / 1000)} s; try again in a moment.`,
    );
  },
};
