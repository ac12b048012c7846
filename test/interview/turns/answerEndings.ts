import type { PauseClass } from '../../../src/interview/turns/endOfAnswerRules.ts';

/** One pause in a realistic answer: what was said up to it, and what the pause really was. */
export interface AnswerEnding {
  question: string;
  transcript: string;
  language: string;
  /** What the candidate did next: finished, went on after a thinking pause, or asked for time. */
  expected: Exclude<PauseClass, 'unsure'> | 'unsure';
  /** How long the candidate actually paused here (ms), for the mid-thought and hold cases. */
  pauseMs?: number;
  /** `whisper` output is punctuated and cased; `pocketsphinx` output is lower case without punctuation. */
  stt: 'whisper' | 'pocketsphinx';
}

const TELL = 'Tell me about a project you are proud of.';
const CONFLICT = 'How do you handle a disagreement with a colleague?';
const DESIGN = 'How would you design a rate limiter for a public API?';
const CLOSED = 'Have you used Kubernetes in production?';

/**
 * Answer endings at a pause: mid-thought pauses of 1.5–4 s (the candidate went on), explicit
 * holds, and complete answers, in the shapes Whisper and pocketsphinx produce, English and
 * the table languages. `unsure` marks endings the rules are meant to pass to the model.
 */
export const ANSWER_ENDINGS: readonly AnswerEnding[] = [
  // Mid-thought: the candidate went on after the pause.
  { question: TELL, transcript: 'In my last project I built a distributed cache and', language: 'English', expected: 'mid_thought', pauseMs: 2_100, stt: 'whisper' },
  { question: TELL, transcript: 'in my last project i built a distributed cache and reduced latency by forty percent because', language: 'English', expected: 'mid_thought', pauseMs: 1_800, stt: 'pocketsphinx' },
  { question: CONFLICT, transcript: 'I usually start by listening to them, um', language: 'English', expected: 'mid_thought', pauseMs: 2_500, stt: 'whisper' },
  { question: DESIGN, transcript: 'There are three things I would look at:', language: 'English', expected: 'mid_thought', pauseMs: 3_000, stt: 'whisper' },
  { question: DESIGN, transcript: 'There are three things I would look at. First, the limits per key. Second, where the counters live.', language: 'English', expected: 'mid_thought', pauseMs: 2_400, stt: 'whisper' },
  { question: DESIGN, transcript: 'well first', language: 'English', expected: 'mid_thought', pauseMs: 1_600, stt: 'pocketsphinx' },
  { question: TELL, transcript: 'The main challenge was keeping the data consistent across...', language: 'English', expected: 'mid_thought', pauseMs: 3_200, stt: 'whisper' },
  { question: CONFLICT, transcript: 'we talked to ten customers before writing a single line of code and the', language: 'English', expected: 'mid_thought', pauseMs: 1_500, stt: 'pocketsphinx' },
  { question: TELL, transcript: 'It was a payment system for a large shop, you know', language: 'English', expected: 'mid_thought', pauseMs: 2_000, stt: 'whisper' },
  { question: TELL, transcript: 'Trabajé en un sistema de pagos para una tienda grande y', language: 'Español', expected: 'mid_thought', pauseMs: 2_200, stt: 'whisper' },
  { question: TELL, transcript: "J'ai construit un cache distribué, euh", language: 'Français', expected: 'mid_thought', pauseMs: 2_600, stt: 'whisper' },
  { question: DESIGN, transcript: 'Es gibt drei Gründe dafür. Erstens, die Kosten.', language: 'Deutsch', expected: 'mid_thought', pauseMs: 3_500, stt: 'whisper' },
  { question: TELL, transcript: 'Eu trabalhei num sistema de pagamentos, por exemplo', language: 'Portuguese (Brazil)', expected: 'mid_thought', pauseMs: 2_900, stt: 'whisper' },
  // Explicit holds.
  { question: DESIGN, transcript: 'Hmm, let me think about that for a second.', language: 'English', expected: 'hold', pauseMs: 8_000, stt: 'whisper' },
  { question: DESIGN, transcript: 'that is a good question give me a second', language: 'English', expected: 'hold', pauseMs: 6_000, stt: 'pocketsphinx' },
  { question: CONFLICT, transcript: 'Um, so…', language: 'English', expected: 'hold', pauseMs: 4_000, stt: 'whisper' },
  { question: CONFLICT, transcript: 'Okay. Hmm.', language: 'English', expected: 'hold', pauseMs: 5_000, stt: 'whisper' },
  { question: TELL, transcript: 'let me think about it for a moment before i answer', language: 'English', expected: 'hold', pauseMs: 7_000, stt: 'pocketsphinx' },
  { question: TELL, transcript: 'Déjame pensar un momento.', language: 'Spanish', expected: 'hold', pauseMs: 6_000, stt: 'whisper' },
  { question: TELL, transcript: 'Laissez-moi réfléchir.', language: 'French', expected: 'hold', pauseMs: 5_000, stt: 'whisper' },
  { question: TELL, transcript: 'Einen Moment bitte.', language: 'German', expected: 'hold', pauseMs: 5_000, stt: 'whisper' },
  // Complete answers.
  {
    question: TELL,
    transcript: 'In my last project I built a distributed cache in Go. It reduced latency by forty percent, and the team still uses it today.',
    language: 'English', expected: 'complete', stt: 'whisper',
  },
  {
    question: CONFLICT,
    transcript: 'I ask each of them to write down their reasons, then we look at the facts together and choose the option with the lower risk. So yeah.',
    language: 'English', expected: 'complete', stt: 'whisper',
  },
  { question: CLOSED, transcript: 'Yes, for about three years.', language: 'English', expected: 'complete', stt: 'whisper' },
  {
    question: DESIGN,
    transcript: 'I would use a token bucket per API key, kept in Redis, and return a 429 with a Retry-After header when the bucket is empty. Does that answer your question?',
    language: 'English', expected: 'complete', stt: 'whisper',
  },
  { question: TELL, transcript: 'and that is the project i am most proud of thats it', language: 'English', expected: 'complete', stt: 'pocketsphinx' },
  {
    question: TELL,
    transcript: 'Construí una caché distribuida que redujo la latencia un cuarenta por ciento. Eso es todo.',
    language: 'Español', expected: 'complete', stt: 'whisper',
  },
  {
    question: CONFLICT,
    transcript: "J'écoute d'abord les deux personnes, puis nous regardons les faits ensemble et nous choisissons l'option la moins risquée.",
    language: 'Français', expected: 'complete', stt: 'whisper',
  },
  // The rules cannot tell: the model decides.
  { question: TELL, transcript: 'i built a distributed cache and reduced latency by forty percent', language: 'English', expected: 'unsure', stt: 'pocketsphinx' },
  { question: TELL, transcript: 'A payment system.', language: 'English', expected: 'unsure', stt: 'whisper' },
];
