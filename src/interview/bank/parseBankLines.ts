import { BANK_LIMITS, bankTextKey } from './BankQuestion.ts';

/** Lines left out of an import or a modal, by reason; `lines` are 1-based line numbers (first few). */
export interface SkippedLines {
  /** The same question twice in what was sent (the first one is kept). */
  duplicate: number;
  tooShort: { count: number; lines: number[] };
  tooLong: { count: number; lines: number[] };
  /** Past the {@link BANK_LIMITS}.maxPerAdd questions of one import. */
  overLimit: number;
}

export interface ParsedBankLines {
  /** The questions to add, in order, cleaned up (no bullet or number, single spaces). */
  texts: string[];
  skipped: SkippedLines;
}

/** Line numbers kept per reason (enough to find them; the reply stays short). */
const MAX_LINE_NUMBERS = 5;

/** "- ", "* ", "• ", "1. ", "2) ", "Q3: " at the start of a line: list markup, not part of the question. */
const LIST_MARKER = /^(?:[-*•]\s+|(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):]\s+)/i;

/**
 * Splits mentor-written text (a modal's paragraph or an imported .txt) into questions: one per
 * line, blank lines ignored, list markers removed, white space collapsed; lines shorter than
 * {@link BANK_LIMITS}.minChars or longer than maxChars, repeats (ignoring case and spacing)
 * and everything past maxPerAdd questions are skipped and counted.
 */
export function parseBankLines(text: string): ParsedBankLines {
  const skipped: SkippedLines = { duplicate: 0, tooShort: { count: 0, lines: [] }, tooLong: { count: 0, lines: [] }, overLimit: 0 };
  const texts: string[] = [];
  const seen = new Set<string>();
  const note = (bucket: { count: number; lines: number[] }, line: number): void => {
    bucket.count++;
    if (bucket.lines.length < MAX_LINE_NUMBERS) bucket.lines.push(line);
  };
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+/g, ' ').trim().replace(LIST_MARKER, '').trim();
    if (line === '') return;
    if (line.length < BANK_LIMITS.minChars) return note(skipped.tooShort, index + 1);
    if (line.length > BANK_LIMITS.maxChars) return note(skipped.tooLong, index + 1);
    const key = bankTextKey(line);
    if (seen.has(key)) {
      skipped.duplicate++;
      return;
    }
    seen.add(key);
    if (texts.length >= BANK_LIMITS.maxPerAdd) {
      skipped.overLimit++;
      return;
    }
    texts.push(line);
  });
  return { texts, skipped };
}
