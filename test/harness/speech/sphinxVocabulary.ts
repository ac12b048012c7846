import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A pocketsphinx dictionary and language model built from a small corpus of sentences. */
export interface SphinxVocabulary {
  dictPath: string;
  lmPath: string;
  /** Words of the corpus that the pronouncing dictionary does not know (never recognised). */
  unknown: string[];
}

const built = new Map<string, Promise<SphinxVocabulary>>();

/** The words of a text, lower case, as pocketsphinx spells them. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z']+/g) ?? [];
}

/**
 * A dictionary (the corpus's words' entries of `fullDictPath`, alternates included) and a
 * bigram ARPA language model of the corpus (seen word pairs get 90 % of the mass, the rest
 * backs off to add-one unigrams), built once per corpus in a temporary directory — the
 * closed-domain model CMU's lmtool makes for pocketsphinx applications. Decoding against 100
 * words instead of 130 000 takes pocketsphinx ~0.3 s for a 2 s clip instead of ~1.2 s (most of
 * it loading the full model): a stand-in that answers within its nominal latency. It still
 * decodes the audio; a word outside the corpus is never heard.
 */
export function sphinxVocabulary(corpus: readonly string[], fullDictPath: string): Promise<SphinxVocabulary> {
  const key = `${fullDictPath}\u0000${corpus.join('\n')}`;
  let model = built.get(key);
  if (!model) {
    model = build(corpus, fullDictPath);
    built.set(key, model);
  }
  return model;
}

const SEEN_BIGRAM_MASS = 0.9;
const log10 = (p: number): string => Math.log10(p).toFixed(4);

/** The ARPA text of the corpus's bigram model over `vocab` (sentences keep only known words). */
export function bigramArpa(sentences: readonly string[][], vocab: readonly string[]): string {
  const unigrams = new Map<string, number>(vocab.map((w) => [w, 0]));
  unigrams.set('</s>', 0);
  const bigrams = new Map<string, Map<string, number>>();
  let total = 0;
  for (const words of sentences) {
    const seq = ['<s>', ...words, '</s>'];
    for (let i = 1; i < seq.length; i++) {
      unigrams.set(seq[i]!, (unigrams.get(seq[i]!) ?? 0) + 1);
      total++;
      const next = bigrams.get(seq[i - 1]!) ?? new Map<string, number>();
      next.set(seq[i]!, (next.get(seq[i]!) ?? 0) + 1);
      bigrams.set(seq[i - 1]!, next);
    }
  }
  const pUni = (w: string): number => ((unigrams.get(w) ?? 0) + 1) / (total + unigrams.size);
  const uniLines: string[] = [];
  const biLines: string[] = [];
  for (const w of ['<s>', ...unigrams.keys()]) {
    const next = bigrams.get(w);
    let backoff = '';
    if (next) {
      const from = [...next.values()].reduce((a, b) => a + b, 0);
      const seenUni = [...next.keys()].reduce((a, v) => a + pUni(v), 0);
      backoff = ` ${log10((1 - SEEN_BIGRAM_MASS) / Math.max(1e-6, 1 - seenUni))}`;
      for (const [v, n] of next) biLines.push(`${log10((SEEN_BIGRAM_MASS * n) / from)} ${w} ${v}`);
    }
    uniLines.push(`${w === '<s>' ? '-99' : log10(pUni(w))} ${w}${backoff}`);
  }
  return ['', '\\data\\', `ngram 1=${uniLines.length}`, `ngram 2=${biLines.length}`, '', '\\1-grams:', ...uniLines, '', '\\2-grams:', ...biLines, '', '\\end\\', ''].join('\n');
}

async function build(corpus: readonly string[], fullDictPath: string): Promise<SphinxVocabulary> {
  const wanted = new Set(corpus.flatMap(wordsOf));
  const entries: string[] = [];
  const known = new Set<string>();
  for (const line of (await readFile(fullDictPath, 'utf8')).split('\n')) {
    const word = line.slice(0, line.indexOf(' ')).replace(/\(\d+\)$/, '');
    if (wanted.has(word)) {
      entries.push(line);
      known.add(word);
    }
  }
  const sentences = corpus.map((t) => wordsOf(t).filter((w) => known.has(w)));
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-sphinx-vocab-'));
  const dictPath = join(dir, 'words.dict');
  const lmPath = join(dir, 'words.lm');
  await writeFile(dictPath, `${entries.join('\n')}\n`);
  await writeFile(lmPath, bigramArpa(sentences, [...known].sort()));
  return { dictPath, lmPath, unknown: [...wanted].filter((w) => !known.has(w)).sort() };
}

/**
 * The corpus sentence whose words are exactly `recognised` (lower case, as pocketsphinx writes
 * them), with its own capitals and punctuation — what a punctuating STT such as OpenAI's writes
 * for a sentence read as written; anything else is returned as recognised (no punctuation), so a
 * misheard or partial utterance is never dressed up.
 */
export function punctuateFromCorpus(recognised: string, corpus: readonly string[]): string {
  const words = recognised.trim();
  if (words === '') return recognised;
  return corpus.find((sentence) => wordsOf(sentence).join(' ') === words) ?? recognised;
}
