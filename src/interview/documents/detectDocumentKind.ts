import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';

/** What we can read: a PDF's text layer, or plain text. */
export type DocumentKind = 'pdf' | 'text';

const kindByExtension: Record<string, DocumentKind> = {
  pdf: 'pdf',
  txt: 'text',
  text: 'text',
  md: 'text',
  markdown: 'text',
};

const kindByContentType: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/x-markdown': 'text',
};

/** Lower-case extension without the dot ("docx"), or null when the name has none. */
export function fileExtension(fileName: string): string | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}

/**
 * Decides from the file name (first) and the declared content type (when the name says nothing we
 * know) whether a file is a PDF or plain text, before any byte is downloaded.
 * @throws UserError `document_wrong_type` naming the file's type and what to upload instead.
 */
export function detectDocumentKind(fileName: string, contentType: string | null | undefined, role: DocumentRole | null): DocumentKind {
  const extension = fileExtension(fileName);
  const byName = extension ? kindByExtension[extension] : undefined;
  if (byName) return byName;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() || null;
  const byType = mediaType ? kindByContentType[mediaType] : undefined;
  if (byType) return byType;
  const label = extension ? `a .${extension} file` : mediaType ? `a file of type ${mediaType}` : 'a file of unknown type';
  throw documentErrors.wrongType(role, fileName, label);
}

/** True when the bytes are a PDF whatever the name says (the header may follow up to 1 KiB of junk). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}
