import { describe, expect, it } from 'vitest';
import { countFillers, speechAnalytics, transcriptWords } from '../../src/voice/speechAnalytics.ts';
import { isSilenceHallucination } from '../../src/voice/silenceHallucinations.ts';

describe('speech analytics', () => {
  it('counts filler words and phrases, not "like" as a verb', () => {
    expect(countFillers('Um, so I, uh, kind of led the team, you know, and er it was like really hard.')).toBe(6);
    expect(countFillers("I'd like to say I like Go. It looks like it worked.")).toBe(0);
    expect(countFillers('I mean, sort of. Hmm.')).toBe(3);
    expect(countFillers('')).toBe(0);
  });

  it('counts words without [inaudible] and computes words per minute over speaking time', () => {
    expect(transcriptWords("[inaudible] We shipped it, didn't we?")).toEqual(['we', 'shipped', 'it', 'didnt', 'we']);
    expect(speechAnalytics({ firstSpeechMs: 1200, speakingMs: 30_000, longestPauseMs: 2100 }, 'one two three four five six')).toEqual({
      timeToFirstWordMs: 1200,
      speakingMs: 30_000,
      wordsPerMinute: 12,
      longestPauseMs: 2100,
      fillerWordCount: 0,
      wordCount: 6,
    });
    expect(speechAnalytics({ firstSpeechMs: null, speakingMs: 0, longestPauseMs: 0 }, '').wordsPerMinute).toBeNull();
  });
});

describe('silence hallucinations', () => {
  it('drops what STT models invent on silence', () => {
    for (const t of ['Thank you for watching!', 'Thanks for watching.', 'you', ' You. ', 'Subtitles by the Amara.org community', '', '...', '[BLANK_AUDIO]', '(music)']) {
      expect(isSilenceHallucination(t), t).toBe(true);
    }
  });

  it('keeps real answers', () => {
    for (const t of ['Thank you.', 'You know, I would use a queue.', 'I watched the metrics for a week.', 'Yes.']) {
      expect(isSilenceHallucination(t), t).toBe(false);
    }
  });
});
