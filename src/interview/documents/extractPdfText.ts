import { PDFParse } from 'pdf-parse';

/** Text of the first pages of a PDF, as pdf-parse returns it (not normalised). */
export interface RawPdfText {
  text: string;
  /** Pages in the file. */
  pages: number;
  /** Pages actually read (≤ maxPdfPages). */
  pagesRead: number;
}

/**
 * Reads a PDF's text layer with pdf-parse, in the calling thread. pdf.js runs synchronously for
 * long stretches (a 90 KB "zip bomb" PDF blocked the event loop for 12 s here), so the bot calls
 * this only inside a worker thread (see runDocumentWorker.ts); errors are pdf-parse's
 * (`PasswordException`, `InvalidPDFException`, `FormatError`, ...).
 * @param data Not modified: pdf.js detaches the buffer it is given, so it gets a copy.
 */
export async function extractPdfText(data: Uint8Array, maxPdfPages: number): Promise<RawPdfText> {
  // isEvalSupported: false keeps font programs from being compiled with new Function().
  const parser = new PDFParse({ data: data.slice(), isEvalSupported: false, stopAtErrors: false });
  try {
    const result = await parser.getText({ first: maxPdfPages, pageJoiner: '' });
    return { text: result.text, pages: result.total, pagesRead: result.pages.length };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
