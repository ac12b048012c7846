import type { DocumentLimits, DocumentRole } from './DocumentLimits.ts';
import type { ExtractedDocument } from './ExtractedDocument.ts';
import { buildDocument } from './buildDocument.ts';

/**
 * A document from pasted text (the `jd_text` option): the same normalisation, character budget
 * and notices as an uploaded file.
 * @throws UserError `document_empty` when the text is blank.
 */
export function documentFromText(text: string, limits: DocumentLimits, role: DocumentRole): ExtractedDocument {
  return buildDocument(text, { kind: 'text', pages: null, truncated: false, notices: [], fileName: null }, limits, role);
}
