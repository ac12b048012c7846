import { describe, expect, it } from 'vitest';
import { deliveryLine } from '../../src/bot/embeds/deliveryLine.ts';
import { deliverySummary } from '../../src/bot/embeds/deliverySummary.ts';
import { formatSecondsMs } from '../../src/bot/embeds/format.ts';
import { buildInterviewDetailsEmbed } from '../../src/bot/embeds/interviewDetailsEmbed.ts';
import { EMBED_LIMITS, embedLength } from '../../src/bot/embeds/resultsEmbed.ts';
import { buildTranscriptMarkdown } from '../../src/bot/embeds/transcriptFile.ts';
import type { SpeechAnalytics } from '../../src/interview/types.ts';
import { makeDetails } from './makeDetails.ts';

const a = (over: Partial<SpeechAnalytics> = {}): SpeechAnalytics => ({
  timeToFirstWordMs: 1_250, speakingMs: 60_000, wordsPerMinute: 131.6, longestPauseMs: 2_440, fillerWordCount: 3, wordCount: 132, ...over,
});

describe('delivery analytics', () => {
  it('say one answer’s rate, fillers, longest pause and time to the first word', () => {
    expect(deliveryLine(a())).toBe('132 words/min · 3 fillers · longest pause 2.4 s · first word after 1.3 s');
    expect(deliveryLine(a({ fillerWordCount: 1, longestPauseMs: 12_400, timeToFirstWordMs: 61_000 }))).toBe('132 words/min · 1 filler · longest pause 12 s · first word after 1m 01s');
    expect(deliveryLine(a({ wordsPerMinute: null, timeToFirstWordMs: null, wordCount: 0, fillerWordCount: 0, longestPauseMs: 0 }))).toBe('0 fillers · longest pause 0.0 s · no speech');
    expect(formatSecondsMs(9_960)).toBe('10.0 s');
  });

  it('sum the interview up over the answered questions only, or say nothing without analytics', () => {
    const d = makeDetails(3, {
      question: (i) =>
        i === 1 ? { analytics: a({ wordCount: 100, speakingMs: 60_000, fillerWordCount: 2, longestPauseMs: 1_000, timeToFirstWordMs: 1_000 }) }
        : i === 2 ? { analytics: a({ wordCount: 200, speakingMs: 60_000, fillerWordCount: 5, longestPauseMs: 4_100, timeToFirstWordMs: 2_000 }) }
        : { answerStatus: 'skipped', analytics: a({ fillerWordCount: 50, longestPauseMs: 99_000 }) },
    });
    expect(deliverySummary(d.questions)).toBe('Delivery: 150 words/min · 7 filler words · longest pause 4.1 s · first word after 1.5 s on average');
    expect(deliverySummary(makeDetails(2, { question: () => ({ analytics: null }) }).questions)).toBeNull();
    expect(deliverySummary([])).toBeNull();
    const silent = makeDetails(1, { question: () => ({ analytics: a({ wordCount: 0, speakingMs: 0, wordsPerMinute: null, timeToFirstWordMs: null, fillerWordCount: 1 }) }) });
    expect(deliverySummary(silent.questions)).toBe('Delivery: 1 filler word · longest pause 2.4 s');
  });

  it('appear in the details, per question and summed up, within Discord’s embed limits', () => {
    const d = makeDetails(3, { question: (i) => ({ analytics: a({ fillerWordCount: i }) }) });
    const e = buildInterviewDetailsEmbed(d);
    expect(e.description).toContain('Delivery: 132 words/min · 6 filler words');
    expect(e.fields?.map((f) => f.value.split('\n').at(-1))).toEqual([1, 2, 3].map((i) => `**Delivery:** 132 words/min · ${i} filler${i === 1 ? '' : 's'} · longest pause 2.4 s · first word after 1.3 s`));
    const most = buildInterviewDetailsEmbed(makeDetails(24, { question: () => ({ analytics: a(), answerTranscript: 'word '.repeat(2000), feedback: 'good '.repeat(500), questionText: 'why '.repeat(300) }) }));
    expect(embedLength(most)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    for (const f of most.fields ?? []) {
      expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
      expect(f.value).toContain('**Delivery:** 132 words/min');
    }
    expect(buildTranscriptMarkdown(d)).toContain('longest pause 2.4 s · first word after 1.3 s');
  });
});

describe('the results embed', () => {
  it('carries the one-line delivery summary, and none without analytics', async () => {
    const { buildResultsEmbed } = await import('../../src/bot/embeds/resultsEmbed.ts');
    const withAnalytics = buildResultsEmbed(makeDetails(2, { question: () => ({ analytics: a() }) }));
    expect(withAnalytics.description?.split('\n')).toContain('Delivery: 132 words/min · 6 filler words · longest pause 2.4 s · first word after 1.3 s on average');
    expect(buildResultsEmbed(makeDetails(2, { question: () => ({ analytics: null }) })).description).not.toContain('Delivery');
  });
});
