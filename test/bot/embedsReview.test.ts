import { describe, expect, it } from 'vitest';
import { buildInterviewDetailsEmbed } from '../../src/bot/embeds/interviewDetailsEmbed.ts';
import { EMBED_LIMITS, embedLength } from '../../src/bot/embeds/resultsEmbed.ts';
import { agreementText, buildReviewStatsEmbed, kappaText } from '../../src/bot/embeds/reviewStatsEmbed.ts';
import { parseCustomId } from '../../src/bot/customId.ts';
import { buildReviewMenu } from '../../src/bot/review/reviewMenu.ts';
import { reviewedNotice } from '../../src/bot/review/notifyReviewed.ts';
import type { MentorReview } from '../../src/interview/review.ts';
import { summarizeReviewStats } from '../../src/interview/reviewStats.ts';
import type { APIEmbed } from 'discord-api-types/v10';
import { checkMessageLimits } from '../harness/discord/messageLimits.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { makeDetails } from './makeDetails.ts';

function expectWithinLimits(embed: APIEmbed): void {
  expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
}

const review = (number: number, reviewerUserId: string, over: Partial<MentorReview> = {}): MentorReview => ({
  guildId: 'g1', interviewId: 'iv-123', number, reviewerUserId, note: 'Clear structure; quantify the impact next time.',
  criteria: [{ key: 'problem_solving', name: 'Problem solving', score: 6 }, { key: 'communication', name: 'Communication', score: 7 }],
  createdAt: new Date(), updatedAt: new Date(), ...over,
});

describe('/interview show with mentor reviews', () => {
  it('puts the AI’s and each mentor’s score side by side, with their criteria beside the AI’s and their note', () => {
    const details = makeDetails(2, { question: (n) => (n === 1 ? { criteria: [{ key: 'problem_solving', name: 'Problem solving', score: 8, evidence: '' }] } : {}) });
    const embed = buildInterviewDetailsEmbed(details, [review(1, '222222222222222222'), review(1, '333333333333333333', { note: '', criteria: [{ key: 'communication', name: 'Communication', score: 9.5 }] })]);
    const q1 = embed.fields![0]!.value;
    expect(q1).toContain('**Scores:** AI 7/10 · <@222222222222222222> 6.5/10 · <@333333333333333333> 9.5/10');
    expect(q1).toContain('<@222222222222222222>: Problem solving 6 (AI 8) · Communication 7 — “Clear structure; quantify the impact next time.”');
    expect(q1).toContain('<@333333333333333333>: Communication 9.5');
    expect(embed.fields![1]!.value).not.toContain('Scores:');
    expect(buildInterviewDetailsEmbed(details).fields![0]!.value).not.toContain('Scores:');
  });

  it('stays within Discord’s limits with 24 questions, three mentors each and long notes', () => {
    const long = 'word '.repeat(400);
    const details = makeDetails(24, { question: () => ({ questionText: long, answerTranscript: long, feedback: long }) });
    const reviews = details.questions.flatMap((q) => ['1', '2', '3'].map((m) => review(q.number, `${m}`.repeat(18), { note: long.slice(0, 1000) })));
    const embed = buildInterviewDetailsEmbed(details, reviews);
    expectWithinLimits(embed);
    for (const f of embed.fields!) expect(f.value).toContain('**Scores:** AI 7/10');
  });
});

describe('/interview review menu', () => {
  const msg = (m: ReturnType<typeof buildReviewMenu>): Json => ({ content: m.content, components: m.components as unknown as Json[] });

  it('lists the answered questions with one button each, marking those the mentor reviewed', () => {
    const details = makeDetails(4, { question: (n) => (n === 2 ? { answerStatus: 'skipped', answerTranscript: null, evaluationStatus: 'not_applicable', score: null } : {}) });
    const menu = buildReviewMenu(details, [review(3, 'me')]);
    expect(checkMessageLimits(msg(menu))).toBeNull();
    const buttons = menu.components.flatMap((r) => r.components) as Array<{ label: string; custom_id: string }>;
    expect(buttons.map((b) => b.label)).toEqual(['Q1', 'Q3 ✓', 'Q4']);
    expect(parseCustomId(buttons[1]!.custom_id)).toEqual({ kind: 'bot', action: 'review-open', id: 'iv-123_3' });
    expect(menu.content).toContain('**Q3** · AI 7/10 · yours 6.5/10');
    expect(menu.content).not.toContain('**Q2**');
  });

  it('uses select menus of 25 when there are more than 25 questions, within the content limit', () => {
    const details = makeDetails(60, { interview: { id: '3f2b1c9e-1d2a-4c5b-9e8f-0a1b2c3d4e5f' }, question: () => ({ questionText: 'word '.repeat(100) }) });
    const menu = buildReviewMenu(details, []);
    expect(checkMessageLimits(msg(menu))).toBeNull();
    expect(menu.content.length).toBeLessThanOrEqual(2000);
    const selects = menu.components.map((r) => r.components[0] as { custom_id: string; options: unknown[] });
    expect(selects.map((s) => s.options.length)).toEqual([25, 25, 10]);
    expect(new Set(selects.map((s) => s.custom_id)).size).toBe(3);
    expect(parseCustomId(selects[1]!.custom_id)).toMatchObject({ kind: 'select', action: 'review-pick' });
  });
});

describe('/interview stats embed', () => {
  it('says kappa, or honestly why there is none', () => {
    expect(kappaText({ kind: 'kappa', value: 18 / 29, pairs: 5 })).toBe('**0.62**');
    expect(kappaText({ kind: 'too_few', pairs: 3 })).toBe('not enough reviews yet (3; it needs 5)');
    expect(kappaText({ kind: 'no_variance', pairs: 6, constant: 'first' })).toBe('not meaningful: the AI gave every answer the same score');
    expect(agreementText({ pairs: 5, kappa: { kind: 'kappa', value: -0.5, pairs: 5 }, meanAbsoluteDifference: 2.25 })).toBe('kappa **-0.50** · mean difference **2.3** points · 5 pairs');
  });

  it('shows agreement, per criterion, eight weeks and the AI’s means within Discord’s limits', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    const stats = summarizeReviewStats({
      pairs: [[7, 8], [5, 5], [9, 6], [3, 4], [6, 6]].map(([ai, m], k) => ({
        interviewId: 'iv', number: k + 1, reviewerUserId: 'm1', aiScore: ai!, aiCriteria: [{ key: 'depth', score: ai! }], mentorCriteria: [{ key: 'depth', name: 'Depth', score: m! }],
      })),
      aiCriteria: [{ key: 'depth', name: 'Depth', mean: 6.04, count: 12 }],
      weeks: [{ weekStart: new Date('2026-11-30T00:00:00Z'), interviews: 4 }, { weekStart: new Date('2026-11-23T00:00:00Z'), interviews: 2 }],
    }, now);
    const embed = buildReviewStatsEmbed(stats, { guildName: 'Hotseat Test Server', since: null });
    expectWithinLimits(embed);
    const text = JSON.stringify(embed);
    expect(embed.fields![0]!.value).toBe('kappa **0.62** · mean difference **1.0** points · 5 pairs');
    expect(embed.fields![1]!.value).toBe('Depth: kappa **0.62** · mean difference **1.0** points · 5 pairs');
    expect(embed.fields![2]!.value.split('\n')).toHaveLength(8);
    expect(embed.fields![2]!.value).toContain('`Nov 30` ████████████ 4');
    expect(embed.fields![2]!.value).toContain('`Nov 23` ██████ 2');
    expect(embed.fields![2]!.value).toContain('`Oct 12` 0');
    expect(embed.fields![3]!.value).toBe('Depth: **6.0**/10 (12 answers)');
    expect(text).toContain('5 answers reviewed by 1 mentor (5 reviews)');
  });
});

describe('the candidate’s notice', () => {
  it('mentions the candidate, names the interview and the command, and gives no scores', () => {
    const { interview } = makeDetails(1);
    const text = reviewedNotice(interview);
    expect(text).toBe('<@111111111111111111> A mentor reviewed your interview **Backend Engineer** (<t:1795496400:d>) — use `/interview show iv-123` to see their scores and notes.');
    expect(text).not.toMatch(/\d\/10/);
  });
});
