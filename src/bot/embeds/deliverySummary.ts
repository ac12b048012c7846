import type { QuestionRecord } from '../../interview/types.ts';
import { formatSecondsMs } from './format.ts';

/**
 * The whole interview's delivery in one line for the results: speaking rate over all answers
 * (words per minute of speaking time), filler words in all, the longest pause of any answer and
 * the mean time to the first word. Null when no answer has analytics (nothing to say). Pure;
 * at most ~130 characters.
 */
export function deliverySummary(questions: readonly QuestionRecord[]): string | null {
  const measured = questions.flatMap((q) => (q.answerStatus === 'answered' && q.analytics ? [q.analytics] : []));
  if (measured.length === 0) return null;
  const words = measured.reduce((n, a) => n + a.wordCount, 0);
  const speakingMs = measured.reduce((n, a) => n + a.speakingMs, 0);
  const fillers = measured.reduce((n, a) => n + a.fillerWordCount, 0);
  const longestPauseMs = Math.max(...measured.map((a) => a.longestPauseMs));
  const starts = measured.flatMap((a) => (a.timeToFirstWordMs !== null ? [a.timeToFirstWordMs] : []));
  const parts = [
    speakingMs > 0 && words > 0 ? `${Math.round(words / (speakingMs / 60_000))} words/min` : null,
    `${fillers} filler word${fillers === 1 ? '' : 's'}`,
    `longest pause ${formatSecondsMs(longestPauseMs)}`,
    starts.length > 0 ? `first word after ${formatSecondsMs(starts.reduce((n, t) => n + t, 0) / starts.length)} on average` : null,
  ];
  return `Delivery: ${parts.filter(Boolean).join(' · ')}`;
}
