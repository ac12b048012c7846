/** The usable text of a resume or job description, ready to be fenced into a prompt. */
export interface ExtractedDocument {
  /** Normalised text: NFC, `\n` line ends, no control characters, single spaces, at most `maxChars`. */
  text: string;
  /** Where it came from: a PDF (its text layer, or OCR), a Word .docx, or plain text (a .txt/.md file or pasted text). */
  kind: 'pdf' | 'docx' | 'text';
  /** True when the text was read from page images by OCR (a scanned PDF); it may contain misread words. */
  ocr: boolean;
  /** Total pages of the PDF (even when only the first ones were read); null for Word and text. */
  pages: number | null;
  /** True when pages or characters were left out because of the limits. */
  truncated: boolean;
  /**
   * Messages for the user: what was left out ("Your resume is long; only the first 20,000
   * characters were used."), and that the text came from OCR when it did.
   */
  notices: string[];
}
