import type { CriterionScore } from '../../interview/rubric.ts';
import { formatScore, truncate } from './format.ts';

/** `Problem solving 7 · Technical depth 6.5 · …` within `maxChars` (the results embed's compact line). */
export function criteriaLine(criteria: readonly CriterionScore[], maxChars: number): string {
  const score = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return truncate(criteria.map((c) => `${oneLine(c.name)} ${score(c.score)}`).join(' · '), maxChars);
}

/**
 * One line per criterion with its score and evidence quote, within `maxChars` in all: each
 * quote is cut so that every criterion keeps its line (the details embed).
 */
export function criteriaWithEvidence(criteria: readonly CriterionScore[], maxChars: number): string {
  if (criteria.length === 0) return '';
  const heads = criteria.map((c) => `• ${oneLine(c.name)} ${formatScore(c.score)}`);
  const fixed = heads.reduce((n, h) => n + h.length + 1, 0);
  const perQuote = Math.floor((maxChars - fixed) / criteria.length) - 5; // ` — “…”`
  const lines = criteria.map((c, i) => {
    const evidence = oneLine(c.evidence);
    return evidence && perQuote >= 12 ? `${heads[i]} — “${truncate(evidence, perQuote)}”` : heads[i];
  });
  return truncate(lines.join('\n'), maxChars);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
