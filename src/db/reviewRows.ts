import type { AiCriterionMean, MentorReview, ReviewCriterionScore, ReviewInput, ReviewPair, ReviewStatsData, ReviewStatsQuery, SavedReview, WeekCount } from '../interview/review.ts';
import type { RpcArgs } from './rpcArgs.ts';

/** A mentor_reviews row (sql/012_mentor_reviews.sql). Timestamps: Dates from PGlite/node-postgres, ISO strings from PostgREST. */
export interface ReviewRow {
  guild_id: string;
  interview_id: string;
  number: number;
  reviewer_user_id: string;
  criteria: unknown;
  note: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const objects = (v: unknown): Array<Record<string, unknown>> =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [];

function toCriteria(v: unknown): ReviewCriterionScore[] {
  return objects(v).map((c) => ({ key: text(c.key), name: text(c.name), score: num(c.score) }));
}

export function toReview(r: ReviewRow): MentorReview {
  return {
    guildId: r.guild_id,
    interviewId: r.interview_id,
    number: r.number,
    reviewerUserId: r.reviewer_user_id,
    criteria: toCriteria(r.criteria),
    note: r.note,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** Named arguments of save_review: the criteria as a json array of plain { key, name, score }. */
export function saveReviewArgs(r: ReviewInput): RpcArgs {
  return {
    p_guild_id: r.guildId,
    p_interview_id: r.interviewId,
    p_number: r.number,
    p_reviewer_user_id: r.reviewerUserId,
    p_criteria: r.criteria.map((c) => ({ key: c.key, name: c.name, score: c.score })),
    p_note: r.note,
  };
}

/** save_review's result: null when nothing was stored. */
export function toSavedReview(v: unknown): SavedReview | null {
  if (v === null || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  return { replaced: o.replaced === true, firstForInterview: o.first_for_interview === true };
}

export function listReviewsArgs(guildId: string, interviewId: string): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId };
}

export function reviewStatsArgs(q: ReviewStatsQuery): RpcArgs {
  return { p_guild_id: q.guildId, p_since: q.since.toISOString(), p_weeks_from: q.weeksFrom.toISOString() };
}

/** review_stats' jsonb result (numbers may arrive as numbers from every driver: jsonb keeps them). */
export function toReviewStats(v: unknown): ReviewStatsData {
  const o = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const pairs: ReviewPair[] = objects(o.pairs).map((p) => ({
    interviewId: text(p.interview_id),
    number: num(p.number),
    reviewerUserId: text(p.reviewer_user_id),
    aiScore: num(p.ai_score),
    aiCriteria: objects(p.ai_criteria)
      .filter((c) => typeof c.key === 'string' && typeof c.score === 'number')
      .map((c) => ({ key: text(c.key), score: num(c.score) })),
    mentorCriteria: toCriteria(p.mentor_criteria),
  }));
  const aiCriteria: AiCriterionMean[] = objects(o.ai_criteria).map((c) => ({ key: text(c.key), name: text(c.name), mean: num(c.mean), count: num(c.count) }));
  const weeks: WeekCount[] = objects(o.weeks).map((w) => ({ weekStart: new Date(`${text(w.week_start)}T00:00:00Z`), interviews: num(w.interviews) }));
  return { pairs, aiCriteria, weeks };
}
