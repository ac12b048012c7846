/**
 * Phrases speech-to-text models (Whisper above all) invent on silence or noise. A segment
 * whose whole transcript is one of them is dropped.
 */
const EXACT = new Set([
  'you',
  'thank you for watching',
  'thanks for watching',
  'thank you so much for watching',
  'thank you very much for watching',
  'thanks for watching and see you next time',
  'please subscribe',
  'like and subscribe',
  'please like and subscribe',
  'dont forget to like and subscribe',
  'subscribe to my channel',
  'see you in the next video',
  'see you next time',
  'bye bye',
  'music',
  'applause',
  'silence',
  'blank_audio',
  'no speech',
]);

const CONTAINS = [/\bsubtitles? by\b/, /\bamara\.org\b/, /\bcaptions? by\b/, /\btranscribed by\b/, /\bcopyright\b.*\ball rights reserved\b/];

/** Lower case, no punctuation or brackets, single spaces. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}_.\s]/gu, ' ')
    .replace(/\.(?!\w)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `text` is empty or a known silence hallucination rather than something said. */
export function isSilenceHallucination(text: string): boolean {
  const n = normalize(text);
  if (n === '') return true;
  if (EXACT.has(n)) return true;
  return CONTAINS.some((re) => re.test(n));
}
