/** Small text helpers for repeat detection, shallow answers and evidence checks. */

const STOPWORDS = new Set(
  ('a an the and or but if of to in on at for with by from as is are was were be been being it its this that these those ' +
    'i me my we our you your he she they them their what which who whom how why when where do does did can could would ' +
    'should will shall have has had not no so than then there here about into over under tell describe give example ' +
    'um uh er ah like yeah okay ok well just really very actually basically')
    .split(' '),
);

/** Lower-case words (letters, digits, apostrophes), punctuation dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Words that carry meaning (not stopwords or fillers). */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && w.length > 1);
}

/** Jaccard similarity (0–1) of the content-word sets of two texts. */
export function similarity(a: string, b: string): number {
  const sa = new Set(contentWords(a));
  const sb = new Set(contentWords(b));
  if (sa.size === 0 && sb.size === 0) return 1;
  let both = 0;
  for (const w of sa) if (sb.has(w)) both++;
  return both / (sa.size + sb.size - both);
}

/** Text normalised for comparisons: lower case, words joined by single spaces. */
export function normalizeText(text: string): string {
  return words(text).join(' ');
}

/** Whether `quote` occurs in `text`, ignoring case, punctuation and spacing. */
export function containsQuote(text: string, quote: string): boolean {
  const q = normalizeText(quote);
  return q.length > 0 && ` ${normalizeText(text)} `.includes(` ${q} `);
}

/** An answer is shallow when it is short or says little (few distinct content words). */
export function isShallow(answer: string, opts: { minWords?: number; minContentWords?: number } = {}): boolean {
  const minWords = opts.minWords ?? 25;
  const minContentWords = opts.minContentWords ?? 10;
  return words(answer).length < minWords || new Set(contentWords(answer)).size < minContentWords;
}
