import { contentWords, normalizeText } from './textSimilarity.ts';

/** Fewer distinct content words than this is too little to judge (see {@link notEnoughToScore}). */
export const MIN_CONTENT_WORDS = 5;

/** Whole answers that say nothing, once normalised (the content-word count catches most others). */
const NON_ANSWERS = new Set([
  'fine', 'good', 'ok', 'okay', 'yes', 'no', 'maybe', 'pass', 'next', 'skip', 'nothing', 'not sure', 'no idea',
  'i don\'t know', 'i dont know', 'don\'t know', 'i have no idea', 'i\'m not sure', 'im not sure', 'no comment',
]);

/**
 * The cheap local rule run before any model call: the reason (shown as "Not enough to score —
 * <reason>") when an answer is too short or empty of content to judge, else null. A judgement
 * on so little would be noise, whatever number came out; the model is not asked. Answers that
 * pass may still be judged not enough by the model (its `notEnoughReason`).
 */
export function notEnoughToScore(answer: string): string | null {
  const text = normalizeText(answer);
  if (text === '') return 'nothing was said';
  if (NON_ANSWERS.has(text)) return `the answer was only "${text}"`;
  const distinct = new Set(contentWords(answer)).size;
  if (distinct < MIN_CONTENT_WORDS) {
    return distinct === 0 ? 'the answer had only filler words' : `the answer was too short to judge (${distinct} meaningful word${distinct === 1 ? '' : 's'})`;
  }
  return null;
}
