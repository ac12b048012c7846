import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';

/**
 * What the name or content type says a file is: a PDF, a Word document, or plain text. Only a
 * first filter before downloading: once the bytes are here, their content decides (sniffDocument).
 */
export type DocumentKind = 'pdf' | 'word' | 'text';

const kindByExtension: Record<string, DocumentKind> = {
  pdf: 'pdf',
  docx: 'word',
  // Downloaded so that the content can say what it is: a real 97–2003 file gets its own message.
  doc: 'word',
  txt: 'text',
  text: 'text',
  md: 'text',
  markdown: 'text',
};

const kindByContentType: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word',
  'application/msword': 'word',
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
 * know) whether a file is a PDF, a Word document or plain text, before any byte is downloaded.
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
