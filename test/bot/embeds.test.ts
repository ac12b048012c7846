import { describe, expect, it } from 'vitest';
import { buildHistoryEmbed } from '../../src/bot/embeds/historyEmbed.ts';
import { buildInterviewDetailsEmbed } from '../../src/bot/embeds/interviewDetailsEmbed.ts';
import { buildResultsEmbed, EMBED_LIMITS, embedLength } from '../../src/bot/embeds/resultsEmbed.ts';
import { buildTranscriptFile, buildTranscriptMarkdown } from '../../src/bot/embeds/transcriptFile.ts';
import { firstSentence, formatScore, truncate } from '../../src/bot/embeds/format.ts';
import { makeDetails } from './makeDetails.ts';

function expectWithinLimits(embed: ReturnType<typeof buildResultsEmbed>): void {
  expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  expect((embed.title ?? '').length).toBeLessThanOrEqual(EMBED_LIMITS.title);
  expect((embed.description ?? '').length).toBeLessThanOrEqual(EMBED_LIMITS.description);
  expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
}

const huge = 'word '.repeat(2000);

describe('format helpers', () => {
  it('truncates with an ellipsis only when needed', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('0123456789abc', 10)).toBe('012345678…');
    expect(truncate('0123456789abc', 10)).toHaveLength(10);
  });
  it('takes the first sentence and formats scores', () => {
    expect(firstSentence('Good answer. But slow.')).toBe('Good answer.');
    expect(firstSentence('No full stop here')).toBe('No full stop here');
    expect(formatScore(7)).toBe('7/10');
    expect(formatScore(7.25)).toBe('7.3/10');
    expect(formatScore(null)).toBe('–');
  });
});

describe('buildResultsEmbed', () => {
  it('shows the overall score, each question with its score and first feedback sentence, strengths and improvements', () => {
    const d = makeDetails(3, { question: (i) => ({ score: i + 5, strengths: [`Strength ${i}`, 'Clear structure'], improvements: [`Improve ${i}`] }) });
    const e = buildResultsEmbed(d);
    expect(e.description).toContain('Overall: 7.3/10');
    expect(e.title).toContain('Backend Engineer');
    const names = (e.fields ?? []).map((f) => f.name);
    expect(names.slice(0, 3)).toEqual(['Q1 · 6/10', 'Q2 · 7/10', 'Q3 · 8/10']);
    expect(e.fields?.[0]?.value).toBe('Good structure on answer 1.');
    const strengths = e.fields?.find((f) => f.name === 'Strengths')?.value ?? '';
    expect(strengths.split('\n')).toEqual(['• Strength 1', '• Clear structure', '• Strength 2', '• Strength 3']);
    expect(e.fields?.find((f) => f.name === 'To improve')?.value).toContain('Improve 3');
    expect(e.footer?.text).toContain('iv-123');
  });

  it('says which answers are still being scored instead of inventing a score', () => {
    const d = makeDetails(2, { interview: { finalScore: null }, question: (i) => (i === 2 ? { evaluationStatus: 'unscored', score: null, feedback: null } : {}) });
    const e = buildResultsEmbed(d);
    expect(e.description).toContain('Overall: –');
    expect(e.description).toContain('1 answer is still being scored');
    expect(e.fields?.[1]?.name).toBe('Q2 · not scored yet (will retry)');
  });

  it('labels skipped and unanswered questions as 0', () => {
    const d = makeDetails(2, { question: (i) => (i === 1 ? { answerStatus: 'skipped', answerTranscript: null, score: 0, feedback: null } : { answerStatus: 'unanswered', answerTranscript: null, score: 0, feedback: null }) });
    const e = buildResultsEmbed(d);
    expect(e.fields?.[0]?.name).toBe('Q1 · skipped (0/10)');
    expect(e.fields?.[1]?.name).toBe('Q2 · no answer (0/10)');
  });

  it('stays within Discord limits with 20 questions and very long texts', () => {
    const d = makeDetails(20, {
      interview: { jobTitle: huge, candidateName: huge },
      question: () => ({ feedback: huge, questionText: huge, answerTranscript: huge, strengths: [huge, `${huge}x`, 'a'], improvements: [huge, `${huge}y`] }),
    });
    const e = buildResultsEmbed(d);
    expectWithinLimits(e);
    expect(e.fields).toHaveLength(22);
  });
});

describe('buildInterviewDetailsEmbed', () => {
  it('lists each question, answer, score and feedback', () => {
    const e = buildInterviewDetailsEmbed(makeDetails(2));
    expect(e.fields).toHaveLength(2);
    expect(e.fields?.[0]?.name).toBe('Q1 · 7/10');
    expect(e.fields?.[0]?.value).toContain('**Q:** Question number 1');
    expect(e.fields?.[0]?.value).toContain('**A:** Answer 1: in my last project');
    expect(e.fields?.[0]?.value).toContain('**Feedback:** Good structure on answer 1.');
    expect(e.description).toContain('<@111111111111111111>');
  });

  it('truncates long answers and stays within limits with 20 questions', () => {
    const e = buildInterviewDetailsEmbed(makeDetails(20, { question: () => ({ answerTranscript: huge, feedback: huge, questionText: huge }) }));
    expectWithinLimits(e);
    expect(e.fields?.[0]?.value).toContain('…');
  });
});

describe('buildTranscriptMarkdown', () => {
  it('contains every question and the complete, untruncated answer', () => {
    const long = `${'detail '.repeat(800)}END-OF-ANSWER`;
    const d = makeDetails(3, { question: (i) => (i === 2 ? { answerTranscript: long } : i === 3 ? { answerStatus: 'skipped', answerTranscript: null, isFallback: true } : {}) });
    const md = buildTranscriptMarkdown(d);
    expect(md).toMatch(/^# Mock interview: Backend Engineer/);
    expect(md).toContain('## Question 1 of 3');
    expect(md).toContain('## Question 3 of 3 (from the built-in question bank)');
    expect(md).toContain(long.trim());
    expect(md).toContain('**Answer:** _skipped_');
    expect(md).toContain('**Evidence:** “built a distributed cache”');
    expect(md).toContain('- Overall score: 7.3/10');
    expect(md).toContain('140 words/min');
  });

  it('builds a safe .md file name and UTF-8 content', () => {
    const f = buildTranscriptFile(makeDetails(1, { interview: { id: '../../etc/passwd' } }));
    expect(f.name).toBe('hotseat-interview-etcpasswd.md');
    expect(f.attachment.toString('utf8')).toContain('Interview id: ../../etc/passwd');
  });
});

describe('buildHistoryEmbed', () => {
  it('lists interviews with ids and pages', () => {
    const d = makeDetails(1).interview;
    const e = buildHistoryEmbed({ items: [d, { ...d, id: 'iv-2', finalScore: null, status: 'interrupted' }], total: 12 }, { subject: 'Your interviews', page: 2, pageSize: 5, showCandidate: false });
    expect(e.description).toContain('id `iv-123`');
    expect(e.description).toContain('interrupted by a restart');
    expect(e.description).not.toContain('Alice');
    expect(e.footer?.text).toContain('Page 2 of 3 · 12 interviews');
    const mentorView = buildHistoryEmbed({ items: [d], total: 1 }, { subject: 'All', page: 1, pageSize: 5, showCandidate: true });
    expect(mentorView.description).toContain('Alice');
  });
  it('says how to start when there is nothing', () => {
    expect(buildHistoryEmbed({ items: [], total: 0 }, { subject: 'x', page: 1, pageSize: 5, showCandidate: false }).description).toContain('/interview start');
  });
});
