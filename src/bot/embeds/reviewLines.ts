import { reviewScore, type MentorReview } from '../../interview/review.ts';
import type { QuestionRecord } from '../../interview/types.ts';
import { formatScore, questionScoreLabel, truncate } from './format.ts';

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * A question's scores side by side for `/interview show`: the AI's and each mentor's (mentions
 * in an embed do not ping), then per mentor their criterion scores beside the AI's and their
 * note. Null when nobody reviewed the question. At most `maxChars`. Pure.
 */
export function reviewBlock(q: QuestionRecord, reviews: readonly MentorReview[], maxChars: number): string | null {
  const mine = reviews.filter((r) => r.number === q.number);
  if (mine.length === 0) return null;
  const head = truncate(`**Scores:** AI ${questionScoreLabel(q)} · ${mine.map((r) => `<@${r.reviewerUserId}> ${formatScore(round1(reviewScore(r.criteria)))}`).join(' · ')}`, maxChars);
  const room = maxChars - head.length;
  if (room < 40) return head;
  const perMentor = Math.floor(room / mine.length) - 1;
  const lines = mine.map((r) => {
    const criteria = r.criteria.map((c) => {
      const ai = q.criteria.find((a) => a.key === c.key);
      return `${c.name} ${c.score}${ai ? ` (AI ${ai.score})` : ''}`;
    }).join(' · ');
    const note = r.note.trim() ? ` — “${oneLine(r.note)}”` : '';
    return truncate(`<@${r.reviewerUserId}>: ${criteria}${note}`, perMentor);
  });
  return [head, ...lines].join('\n');
}
