import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { MIN_KAPPA_PAIRS, type Agreement, type KappaResult } from '../../interview/agreement.ts';
import type { ReviewStats } from '../../interview/reviewStats.ts';
import { truncate } from './format.ts';

const FIELD_MAX = 1024;
const BAR_MAX = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const fixed = (n: number, digits: number): string => (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits);

/** Kappa in words: the value, or why there is none. */
export function kappaText(k: KappaResult): string {
  switch (k.kind) {
    case 'kappa':
      return `**${fixed(k.value, 2)}**`;
    case 'too_few':
      return `not enough reviews yet (${k.pairs}; it needs ${MIN_KAPPA_PAIRS})`;
    case 'no_variance': {
      const who = k.constant === 'first' ? 'the AI' : k.constant === 'second' ? 'mentors' : 'both the AI and mentors';
      return `not meaningful: ${who} gave every answer the same score`;
    }
  }
}

/** `κ 0.62 · mean difference 1.0 points · 14 pairs`. */
export function agreementText(a: Agreement): string {
  const mad = a.meanAbsoluteDifference === null ? '' : ` · mean difference **${fixed(a.meanAbsoluteDifference, 1)}** points`;
  return `kappa ${kappaText(a.kappa)}${mad} · ${a.pairs} pair${a.pairs === 1 ? '' : 's'}`;
}

const field = (name: string, lines: readonly string[]): APIEmbedField => ({ name, value: truncate(lines.join('\n'), FIELD_MAX) });

/**
 * `/interview stats`: how mentors' scores agree with the AI's (quadratic weighted kappa on
 * whole points, mean absolute difference), per answer and per criterion; interviews per week;
 * the AI's mean per criterion. Pure; within Discord's limits (4 fields of ≤ 1024).
 */
export function buildReviewStatsEmbed(stats: ReviewStats, opts: { guildName: string; since: Date | null }): APIEmbed {
  const since = opts.since ? ` since ${opts.since.toISOString().slice(0, 10)}` : '';
  const description = stats.reviews === 0
    ? `No mentor has reviewed an AI-scored answer${since} yet. Mentors score answers with \`/interview review\`.`
    : `${stats.reviewedQuestions} answer${stats.reviewedQuestions === 1 ? '' : 's'} reviewed by ${stats.reviewers} mentor${stats.reviewers === 1 ? '' : 's'} (${stats.reviews} review${stats.reviews === 1 ? '' : 's'})${since}.`;
  const most = Math.max(1, ...stats.weeks.map((w) => w.interviews));
  const weekLines = stats.weeks.map((w) => {
    const label = `${MONTHS[w.weekStart.getUTCMonth()]} ${String(w.weekStart.getUTCDate()).padStart(2, ' ')}`;
    const bar = '█'.repeat(Math.round((w.interviews / most) * BAR_MAX));
    return `\`${label}\` ${bar}${bar ? ' ' : ''}${w.interviews}`;
  });
  const fields: APIEmbedField[] = [
    field('Mentors vs AI, per answer', [agreementText(stats.overall)]),
    field('Mentors vs AI, per criterion', stats.perCriterion.length === 0
      ? ['_No reviewed answer has AI scores per criterion yet._']
      : stats.perCriterion.map((c) => `${truncate(c.name, 45)}: ${agreementText(c)}`)),
    field('Interviews per week (weeks from Monday, UTC)', weekLines),
    field('AI mean per criterion', stats.aiCriteria.length === 0
      ? ['_No answer has AI scores per criterion yet._']
      : stats.aiCriteria.map((c) => `${truncate(c.name || c.key, 45)}: **${fixed(c.mean, 1)}**/10 (${c.count} answer${c.count === 1 ? '' : 's'})`)),
  ];
  return {
    title: truncate(`Review stats: ${opts.guildName}`, 200),
    description,
    fields,
    footer: { text: 'Kappa (quadratic weighted, on whole points 0–10): 1 = full agreement, 0 = what chance gives, below 0 = systematic disagreement. A mentor’s score of an answer is the mean of their criterion scores.' },
  };
}
