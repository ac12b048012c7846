import type { DocumentLimits, DocumentRole } from './DocumentLimits.ts';
import type { ExtractedDocument } from './ExtractedDocument.ts';
import { documentErrors } from './documentErrors.ts';
import { limitText } from './limitText.ts';
import { normalizeText } from './normalizeText.ts';

/** "Your resume" / "The job description", to start a notice. */
export function roleSubject(role: DocumentRole): string {
  return role === 'resume' ? 'Your resume' : 'The job description';
}

/**
 * The last steps shared by files and pasted text: normalise, refuse an empty result, cut to
 * `maxChars` at a word boundary and tell the user when something was cut.
 * @throws UserError `document_empty` when nothing but whitespace and control characters is left.
 */
export function buildDocument(
  rawText: string,
  source: { kind: ExtractedDocument['kind']; ocr?: boolean; pages: number | null; truncated: boolean; notices: string[]; fileName: string | null },
  limits: DocumentLimits,
  role: DocumentRole,
): ExtractedDocument {
  const normalized = normalizeText(rawText);
  if (normalized.length === 0) throw documentErrors.empty(role, source.fileName);
  const limited = limitText(normalized, limits.maxChars);
  const notices = [...source.notices];
  if (limited.truncated) {
    notices.push(`${roleSubject(role)} is long; only the first ${limits.maxChars.toLocaleString('en-US')} characters were used.`);
  }
  return {
    text: limited.text,
    kind: source.kind,
    ocr: source.ocr ?? false,
    pages: source.pages,
    truncated: source.truncated || limited.truncated,
    notices,
  };
}
