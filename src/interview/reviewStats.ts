import { agreementOf, type Agreement, type ScorePair } from './agreement.ts';
import { reviewScore, type AiCriterionMean, type ReviewStatsData, type WeekCount } from './review.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** How many weeks `/interview stats` counts interviews for (this week included). */
export const STATS_WEEKS = 8;

/** Monday 00:00 UTC of the week holding `date` (like PostgreSQL's date_trunc('week', … at time zone 'UTC')). */
export function weekStartUtc(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS);
}

/** The Monday that starts the first of the last `weeks` weeks (this week included). */
export function statsWeeksFrom(now: Date, weeks = STATS_WEEKS): Date {
  return new Date(weekStartUtc(now).getTime() - (weeks - 1) * WEEK_MS);
}

/** Agreement on one rubric criterion (answers where both the AI and a mentor scored it). */
export interface CriterionAgreement extends Agreement {
  key: string;
  name: string;
}

/** What `/interview stats` shows. */
export interface ReviewStats {
  /** Mentor reviews of AI-scored answers (one answer reviewed by two mentors counts twice). */
  reviews: number;
  /** Distinct answers reviewed. */
  reviewedQuestions: number;
  reviewers: number;
  /** AI score vs the mentor's (the mean of their criterion scores), per review. */
  overall: Agreement;
  /** Per criterion key both scored, in the order first seen. */
  perCriterion: CriterionAgreement[];
  aiCriteria: AiCriterionMean[];
  /** Oldest first, exactly `STATS_WEEKS` weeks (0 where none started). */
  weeks: WeekCount[];
}

/** Turns the store's raw stats into agreement figures and a full run of weeks. Pure. */
export function summarizeReviewStats(data: ReviewStatsData, now: Date, weeks = STATS_WEEKS): ReviewStats {
  const overall: ScorePair[] = [];
  const byKey = new Map<string, { name: string; pairs: ScorePair[] }>();
  for (const p of data.pairs) {
    if (p.mentorCriteria.length === 0) continue;
    overall.push([p.aiScore, reviewScore(p.mentorCriteria)]);
    for (const m of p.mentorCriteria) {
      const ai = p.aiCriteria.find((a) => a.key === m.key);
      if (!ai) continue;
      const entry = byKey.get(m.key) ?? { name: m.name, pairs: [] };
      entry.pairs.push([ai.score, m.score]);
      byKey.set(m.key, entry);
    }
  }
  const from = statsWeeksFrom(now, weeks).getTime();
  const counts = new Map(data.weeks.map((w) => [weekStartUtc(w.weekStart).getTime(), w.interviews]));
  return {
    reviews: overall.length,
    reviewedQuestions: new Set(data.pairs.map((p) => `${p.interviewId}#${p.number}`)).size,
    reviewers: new Set(data.pairs.map((p) => p.reviewerUserId)).size,
    overall: agreementOf(overall),
    perCriterion: [...byKey].map(([key, { name, pairs }]) => ({ key, name, ...agreementOf(pairs) })),
    aiCriteria: data.aiCriteria,
    weeks: Array.from({ length: weeks }, (_, k) => {
      const weekStart = new Date(from + k * WEEK_MS);
      return { weekStart, interviews: counts.get(weekStart.getTime()) ?? 0 };
    }),
  };
}
