import { END_OF_ANSWER_CUES, type EndOfAnswerCues } from './endOfAnswerCues.ts';
import { turnLanguagesFor, utteranceWords } from './turnLanguage.ts';

/**
 * What a pause in an answer means: the answer is `complete`; the candidate is `mid_thought`
 * (an open clause, a filler, a list begun); they asked for time (`hold`); or the rules cannot
 * tell (`unsure`: ask the model).
 */
export type PauseClass = 'complete' | 'mid_thought' | 'hold' | 'unsure';

/** What the rules look at when the candidate pauses. */
export interface PauseInput {
  /** The answer's transcript so far. Untrusted. */
  transcript: string;
  /** The question being answered. */
  question: string;
  /** The interview language as configured ("English", "Français"...). */
  language: string;
}

/** A classification and the rule that made it (for logs and tests; never the transcript). */
export interface PauseVerdict {
  pauseClass: PauseClass;
  reason: string;
}

/** Holds count when they are among the last this many words... */
const HOLD_WINDOW_WORDS = 12;
/** ...with at most this many words after them. */
const MAX_WORDS_AFTER_HOLD = 8;
/** A list counts as announced when its announcement is among the last this many words. */
const LIST_WINDOW_WORDS = 30;
/** An open question is plausibly answered by a complete sentence after this many words. */
const MIN_OPEN_ANSWER_WORDS = 12;
/** A closed question ("Have you used Go?") is, after this many. */
const MIN_CLOSED_ANSWER_WORDS = 2;

/** Whether `phrase` (words) occurs in `words` starting at or after `from`; returns its last index + 1, or -1. */
function findPhrase(words: readonly string[], phrase: readonly string[], from = 0): number {
  outer: for (let i = Math.max(0, from); i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) continue outer;
    return i + phrase.length;
  }
  return -1;
}

function endsWith(words: readonly string[], phrase: readonly string[]): boolean {
  return phrase.length > 0 && phrase.length <= words.length && findPhrase(words, phrase, words.length - phrase.length) === words.length;
}

const phrases = (list: readonly string[]): string[][] => list.map(utteranceWords).filter((p) => p.length > 0);

/** The words of the last sentence when the STT punctuates, else the whole transcript. */
function lastSentenceWords(transcript: string): string[] {
  const sentences = transcript.split(/[.!?]+(?=\s|$)/).filter((s) => utteranceWords(s).length > 0);
  return utteranceWords(sentences.at(-1) ?? '');
}

/** A list announced ("there are three reasons") whose items were not all given. */
function unfinishedList(words: readonly string[], cues: EndOfAnswerCues): string | null {
  const nouns = new Set(phrases(cues.itemNouns).map((p) => p.join(' ')));
  const counts = new Map(Object.entries(cues.counts).map(([w, n]) => [utteranceWords(w).join(' '), n]));
  for (let i = words.length - 1; i >= Math.max(0, words.length - LIST_WINDOW_WORDS); i--) {
    const count = counts.get(words[i] as string);
    if (count === undefined) continue;
    const noun = [1, 2, 3].find((d) => nouns.has(words[i + d] ?? ''));
    if (noun === undefined) continue;
    const after = words.slice(i + noun + 1);
    const markers = new Set(phrases(cues.itemMarkers).map((p) => p.join(' ')));
    if (phrases(cues.lastItemMarkers).some((p) => findPhrase(after, p) >= 0)) return null;
    const given = after.filter((w) => markers.has(w)).length;
    return given < count ? `list of ${count} announced, ${given} given` : null;
  }
  return null;
}

function holdWith(cues: EndOfAnswerCues, words: string[], recent: string[]): PauseVerdict | null {
  for (const hold of phrases(cues.holds)) {
    const end = findPhrase(recent, hold);
    if (end >= 0 && recent.length - end <= MAX_WORDS_AFTER_HOLD) return { pauseClass: 'hold', reason: 'hold phrase' };
  }
  if (phrases(cues.trailingHolds).some((p) => endsWith(words, p))) return { pauseClass: 'hold', reason: 'trailing hold' };
  return null;
}

function classifyWith(cues: EndOfAnswerCues, words: string[], punctuatedEnd: boolean): PauseVerdict | null {
  if (phrases(cues.fillers).some((p) => endsWith(words, p))) return { pauseClass: 'mid_thought', reason: 'ends in a filler' };
  if (phrases(cues.listStarts).some((p) => endsWith(words, p))) return { pauseClass: 'mid_thought', reason: 'list or example begun' };
  const last = words.at(-1) as string;
  const strandable = punctuatedEnd && phrases(cues.strandable ?? []).some((p) => p.join(' ') === last);
  if (!strandable && phrases(cues.openEndings).some((p) => p.join(' ') === last)) return { pauseClass: 'mid_thought', reason: 'open clause' };
  const list = unfinishedList(words, cues);
  if (list) return { pauseClass: 'mid_thought', reason: list };
  if (phrases(cues.closings).some((p) => endsWith(words, p))) return { pauseClass: 'complete', reason: 'closing phrase' };
  return null;
}

/**
 * Classifies a pause from the transcript so far, with the cue tables of English and of the
 * interview language ({@link END_OF_ANSWER_CUES}). Cheap and local: it runs at every pause.
 * Order: holds, trailing punctuation (…, comma, colon), fillers, lists, open clauses, closing
 * phrases; then a full sentence (punctuated) that is long enough for the question is complete,
 * and anything else (e.g. unpunctuated STT output ending in a content word) is unsure.
 */
export function endOfAnswerRules(input: PauseInput): PauseVerdict {
  const words = utteranceWords(input.transcript);
  if (words.length === 0) return { pauseClass: 'hold', reason: 'nothing said yet' };
  const trimmed = input.transcript.trim();
  const tables = turnLanguagesFor(input.language).map((l) => END_OF_ANSWER_CUES[l]);
  const recent = lastSentenceWords(trimmed).slice(-HOLD_WINDOW_WORDS);
  for (const cues of tables) {
    const hold = holdWith(cues, words, recent);
    if (hold) return hold;
  }
  if (/(\.\.\.|…|[-–—])$/.test(trimmed)) return { pauseClass: 'mid_thought', reason: 'trails off' };
  if (/[,;:]$/.test(trimmed)) return { pauseClass: 'mid_thought', reason: trimmed.endsWith(':') ? 'list announced' : 'open clause' };
  const punctuatedEnd = /[.!?]["')\]]*$/.test(trimmed);
  for (const cues of tables) {
    const verdict = classifyWith(cues, words, punctuatedEnd);
    if (verdict) return verdict;
  }
  if (/\?["')\]]*$/.test(trimmed)) return { pauseClass: 'complete', reason: 'asks back' };
  if (!punctuatedEnd) return { pauseClass: 'unsure', reason: 'no sentence end' };
  const questionStart = utteranceWords(input.question)[0] ?? '';
  const closed = tables.some((c) => phrases(c.closedQuestionStarts).some((p) => p[0] === questionStart));
  const needed = closed ? MIN_CLOSED_ANSWER_WORDS : MIN_OPEN_ANSWER_WORDS;
  return words.length >= needed ? { pauseClass: 'complete', reason: 'full sentence' } : { pauseClass: 'unsure', reason: 'short for the question' };
}
