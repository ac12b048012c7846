import { contentWords, normalizeText } from './textSimilarity.ts';

/** Fewer distinct content words than this is too little to judge (see {@link notEnoughToScore}). */
export const MIN_CONTENT_WORDS = 2;

/**
 * Words that carry no answer on their own: "fine", "I don't know", "yeah, sure, I guess". An
 * answer whose content words are all in here is empty of content, however long.
 */
const NON_ANSWER_WORDS = new Set(
  ('fine good ok okay yes yep yeah yup no nope nah maybe sure unsure idea know don\'t dont sorry pass skip next nothing ' +
    'think guess whatever same hmm hm mm mhm right alright great cool nice i\'m im it\'s thats that\'s probably depends')
    .split(' '),
);

/**
 * The cheap local rule run before any model call: the reason (shown as "Not enough to score —
 * <reason>") when an answer is empty of content or too short to judge, else null. A number on
 * so little would be noise; the model is not asked. It only catches the obvious cases (nothing
 * but fillers and non-answers, or a single word): a short answer that says something real is
 * scored low on the rubric instead, and the model may still judge it not enough
 * (`notEnoughReason`).
 */
export function notEnoughToScore(answer: string): string | null {
  const text = normalizeText(answer);
  if (text === '') return 'nothing was said';
  const content = [...new Set(contentWords(answer))];
  const meaningful = content.filter((w) => !NON_ANSWER_WORDS.has(w));
  if (content.length === 0) return 'the answer had only filler words';
  if (meaningful.length === 0) return text.split(' ').length <= 6 ? `the answer was only "${text}"` : 'the answer said nothing about the question';
  if (meaningful.length < MIN_CONTENT_WORDS) return 'the answer was too short to judge';
  return null;
}
