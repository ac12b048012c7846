/** The usable text of a resume or job description, ready to be fenced into a prompt. */
export interface ExtractedDocument {
  /** Normalised text: NFC, `\n` line ends, no control characters, single spaces, at most `maxChars`. */
  text: string;
  /** Where it came from: a PDF's text layer, or plain text (a .txt/.md file or pasted text). */
  kind: 'pdf' | 'text';
  /** Total pages of the PDF (even when only the first ones were read); null for text. */
  pages: number | null;
  /** True when pages or characters were left out because of the limits. */
  truncated: boolean;
  /** Messages for the user about what was left out, e.g. "Your resume is long; only the first 20,000 characters were used." */
  notices: string[];
}
