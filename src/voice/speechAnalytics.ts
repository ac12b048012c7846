import type { SpeechAnalytics } from '../interview/types.ts';
import { INAUDIBLE } from './SegmentTranscriber.ts';

/** Single-word fillers. */
const FILLER_WORDS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'ah', 'hmm', 'mm', 'like']);
/** Two-word fillers. */
const FILLER_PHRASES = new Set(['you know', 'i mean', 'sort of', 'kind of']);
/** "like" after these words is a verb or preposition, not a filler ("I'd like to", "looks like"). */
const LIKE_NOT_FILLER_AFTER = new Set([
  'i', 'you', 'we', 'they', 'would', 'id', 'youd', 'wed', 'theyd', 'to', 'dont', 'didnt', 'really',
  'also', 'feel', 'felt', 'look', 'looks', 'looked', 'seem', 'seems', 'something', 'things', 'just', 'more', 'much',
]);

/** Splits a transcript into lower-case words without punctuation; `[inaudible]` is not a word. */
export function transcriptWords(transcript: string): string[] {
  return transcript
    .replaceAll(INAUDIBLE, ' ')
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Counts filler words and phrases (um, uh, er, like, you know, I mean, sort of, kind of…). */
export function countFillers(transcript: string): number {
  const words = transcriptWords(transcript);
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (next !== undefined && FILLER_PHRASES.has(`${w} ${next}`)) {
      count++;
      i++;
      continue;
    }
    if (!FILLER_WORDS.has(w)) continue;
    if (w === 'like' && i > 0 && LIKE_NOT_FILLER_AFTER.has(words[i - 1] ?? '')) continue;
    count++;
  }
  return count;
}

/** Timing facts gathered while listening; all in ms of audio time since listening began. */
export interface SpeechTiming {
  firstSpeechMs: number | null;
  /** Sum over segments of first-to-last voiced frame. */
  speakingMs: number;
  /** Longest silence between two stretches of speech. */
  longestPauseMs: number;
}

/** Builds the per-answer {@link SpeechAnalytics} from timing and the final transcript. */
export function speechAnalytics(timing: SpeechTiming, transcript: string): SpeechAnalytics {
  const wordCount = transcriptWords(transcript).length;
  return {
    timeToFirstWordMs: timing.firstSpeechMs,
    speakingMs: timing.speakingMs,
    wordsPerMinute: timing.speakingMs > 0 && wordCount > 0 ? Math.round((wordCount * 60_000) / timing.speakingMs) : null,
    longestPauseMs: timing.longestPauseMs,
    fillerWordCount: countFillers(transcript),
    wordCount,
  };
}
