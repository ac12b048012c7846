import { describe, expect, it } from 'vitest';
import { criteriaLine, criteriaWithEvidence } from '../../src/bot/embeds/criteriaLines.ts';
import { buildInterviewDetailsEmbed } from '../../src/bot/embeds/interviewDetailsEmbed.ts';
import { buildResultsEmbed, EMBED_LIMITS, embedLength } from '../../src/bot/embeds/resultsEmbed.ts';
import { buildTranscriptMarkdown } from '../../src/bot/embeds/transcriptFile.ts';
import type { CriterionScore } from '../../src/interview/rubric.ts';
import type { QuestionRecord } from '../../src/interview/types.ts';
import { makeDetails } from './makeDetails.ts';

const CRITERIA: CriterionScore[] = [
  { key: 'problem_solving', name: 'Problem solving', score: 7, evidence: 'I split the cache by tenant' },
  { key: 'technical_depth', name: 'Technical depth', score: 6.5, evidence: 'write-through because stale balances were not acceptable' },
  { key: 'communication', name: 'Communication', score: 8, evidence: '' },
  { key: 'trade_offs', name: 'Trade-offs', score: 5, evidence: 'we paid for it in write latency' },
];
const NOT_ENOUGH: Partial<QuestionRecord> = { evaluationStatus: 'not_enough', score: null, feedback: 'the answer was only "fine"', strengths: [], improvements: [], evidence: null, criteria: [], answerTranscript: 'Fine.' };

function expectWithinLimits(embed: ReturnType<typeof buildResultsEmbed>): void {
  expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
}

describe('rubric scores in the results', () => {
  it('results: per question the score and a compact criteria line; not enough to score with its reason; "3 of 10 asked"', () => {
    const d = makeDetails(3, { interview: { questionCount: 10, status: 'abandoned', finalScore: 4.5 }, question: (i) => (i === 1 ? { criteria: CRITERIA, score: 6.5 } : i === 2 ? NOT_ENOUGH : {}) });
    const e = buildResultsEmbed(d);
    expect(e.description).toContain('3 of 10 asked');
    expect(e.fields?.[0]).toEqual({ name: 'Q1 · 6.5/10', value: 'Good structure on answer 1.\nProblem solving 7 · Technical depth 6.5 · Communication 8 · Trade-offs 5' });
    expect(e.fields?.[1]).toEqual({ name: 'Q2 · not enough to score (0/10)', value: 'Not enough to score — the answer was only "fine"' });
    expect(e.fields?.[2]?.value).toBe('Good structure on answer 3.'); // scored before rubric scoring: no criteria line
    expect(buildResultsEmbed(makeDetails(3)).description).not.toContain(' asked');
  });

  it('details: criterion scores with their evidence quotes; not enough with its reason', () => {
    const d = makeDetails(2, { interview: { questionCount: 5 }, question: (i) => (i === 1 ? { criteria: CRITERIA } : NOT_ENOUGH) });
    const e = buildInterviewDetailsEmbed(d);
    expect(e.description).toContain('2 of 5 asked');
    const q1 = e.fields?.[0]?.value ?? '';
    expect(q1).toContain('• Problem solving 7/10 — “I split the cache by tenant”');
    expect(q1).toContain('• Communication 8/10\n');
    expect(q1).toContain('• Trade-offs 5/10 — “we paid for it in write latency”');
    expect(e.fields?.[1]?.value).toContain('**Not enough to score — the answer was only "fine"**');
    expect(e.fields?.[1]?.value).not.toContain('Feedback');
  });

  it('stays within Discord limits with 24 questions × 5 criteria and long quotes and names', () => {
    const long: CriterionScore[] = Array.from({ length: 5 }, (_, k) => ({ key: `k${k}`, name: `A criterion with a long name ${k}`.padEnd(45, 'x'), score: 7.5, evidence: 'quote '.repeat(90) }));
    const big = (n: number) => makeDetails(n, { question: () => ({ criteria: long, feedback: 'Long feedback. '.repeat(100), answerTranscript: 'answer '.repeat(500) }) });
    for (const n of [1, 5, 20, 24]) {
      expectWithinLimits(buildResultsEmbed(big(n)));
      expectWithinLimits(buildInterviewDetailsEmbed(big(n)));
    }
    const one = buildInterviewDetailsEmbed(big(1)).fields?.[0]?.value ?? '';
    expect(one.match(/^• /gm)).toHaveLength(5); // every criterion keeps its line
  });

  it('criteria helpers fit their budget and drop quotes before criteria', () => {
    expect(criteriaLine(CRITERIA, 30).length).toBeLessThanOrEqual(30);
    const tight = criteriaWithEvidence(CRITERIA, 120);
    expect(tight.length).toBeLessThanOrEqual(120);
    expect(tight.split('\n')).toHaveLength(4);
    expect(criteriaWithEvidence([], 100)).toBe('');
  });

  it('the transcript lists every criterion with its full quote, and the not-enough reason', () => {
    const md = buildTranscriptMarkdown(makeDetails(2, { question: (i) => (i === 1 ? { criteria: CRITERIA } : NOT_ENOUGH) }));
    expect(md).toContain('- Technical depth: 6.5/10 — “write-through because stale balances were not acceptable”');
    expect(md).toContain('- Communication: 8/10\n');
    expect(md).toContain('**Not enough to score — the answer was only "fine"**');
    expect(md).toContain('**Score:** not enough to score (0/10)');
  });
});
