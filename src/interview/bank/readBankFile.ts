import { UserError } from '../../UserError.ts';
import { fileExtension } from '../documents/detectDocumentKind.ts';
import { downloadAttachment, type AttachmentInfo, type DownloadAttachmentOptions } from '../documents/downloadAttachment.ts';
import { readText } from '../documents/readText.ts';
import { sniffDocument, type SniffedFormat } from '../documents/sniffDocument.ts';
import { BANK_LIMITS } from './BankQuestion.ts';

const SAVE_AS_TEXT = 'save the questions as a plain text file (.txt, UTF-8), one question per line, and attach that';

const FORMAT_LABELS: Record<Exclude<SniffedFormat, 'unknown'>, string> = {
  pdf: 'a PDF',
  docx: 'a Word document',
  zip: 'a zip archive (or an OpenDocument/Excel file)',
  'encrypted-office': 'a password-protected Office document',
  doc: 'a Word 97–2003 document',
  'office-other': 'an Office document',
};

/**
 * The text of an imported question list: a `.txt` attachment (by name, or `text/plain` when it
 * has no extension) of at most {@link BANK_LIMITS}.maxFileBytes, whose bytes really are text
 * (the content is sniffed: a PDF or Word file renamed to .txt is refused).
 * @throws UserError `bank_file_type`, `bank_file_too_large`, `bank_file_empty`, `bank_file_binary`,
 *   or the download's own UserErrors (`document_download_failed`, `document_download_timeout`)
 */
export async function readBankFile(attachment: AttachmentInfo, options: Pick<DownloadAttachmentOptions, 'fetch' | 'signal' | 'timeoutMs'> = {}): Promise<string> {
  const { name } = attachment;
  const extension = fileExtension(name);
  const mediaType = attachment.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
  if (extension !== 'txt' && !(extension === null && mediaType === 'text/plain')) {
    const what = extension ? `a .${extension} file` : 'not a .txt file';
    throw new UserError('bank_file_type', `"${name}" is ${what}. To import questions, ${SAVE_AS_TEXT}.`);
  }
  const kib = BANK_LIMITS.maxFileBytes / 1024;
  if (attachment.size > BANK_LIMITS.maxFileBytes) {
    throw new UserError('bank_file_too_large', `"${name}" is larger than ${kib} KiB. Split it into smaller files (at most ${BANK_LIMITS.maxPerAdd} questions each) and import them one by one.`);
  }
  if (attachment.size === 0) throw new UserError('bank_file_empty', `"${name}" is empty. Write one question per line and attach it again.`);
  let bytes: Uint8Array;
  try {
    bytes = await downloadAttachment(attachment, { maxBytes: BANK_LIMITS.maxFileBytes }, options);
  } catch (err) {
    if (err instanceof UserError && err.code === 'document_too_large') {
      throw new UserError('bank_file_too_large', `"${name}" is larger than ${kib} KiB. Split it into smaller files and import them one by one.`);
    }
    throw err;
  }
  const format = sniffDocument(bytes);
  if (format !== 'unknown') {
    throw new UserError('bank_file_binary', `"${name}" is named .txt but is ${FORMAT_LABELS[format]}. Open it, then ${SAVE_AS_TEXT}.`);
  }
  try {
    return readText(bytes, name, null);
  } catch (err) {
    if (err instanceof UserError) throw new UserError('bank_file_binary', `"${name}" contains binary data, not text. ${SAVE_AS_TEXT[0]!.toUpperCase()}${SAVE_AS_TEXT.slice(1)}.`, { cause: err });
    throw err;
  }
}
