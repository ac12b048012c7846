import type { SpeechAnalytics } from '../../interview/types.ts';
import { formatSecondsMs } from './format.ts';

/**
 * One answer's delivery in a line: speaking rate, filler words, longest pause and how long
 * the candidate took to start (measured from the audio and transcript, see SpeechAnalytics).
 * Pure; at most ~90 characters.
 */
export function deliveryLine(a: SpeechAnalytics): string {
  return [
    a.wordsPerMinute !== null ? `${Math.round(a.wordsPerMinute)} words/min` : null,
    `${a.fillerWordCount} filler${a.fillerWordCount === 1 ? '' : 's'}`,
    `longest pause ${formatSecondsMs(a.longestPauseMs)}`,
    a.timeToFirstWordMs !== null ? `first word after ${formatSecondsMs(a.timeToFirstWordMs)}` : 'no speech',
  ]
    .filter(Boolean)
    .join(' · ');
}
