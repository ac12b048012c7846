/** A mentor's review of one answer (sql/012_mentor_reviews.sql), beside the AI's score. */

/** A mentor's score of one rubric criterion. */
export interface ReviewCriterionScore {
  key: string;
  /** The criterion's name when it was scored (a rubric may change later). */
  name: string;
  /** 0–10, in half points. */
  score: number;
}

/** At most this many characters in a mentor's note. */
export const MAX_REVIEW_NOTE_CHARS = 1000;

/** What a mentor saves for one question of an interview. Saving again replaces it. */
export interface ReviewInput {
  guildId: string;
  interviewId: string;
  /** The question's number (1-based). */
  number: number;
  reviewerUserId: string;
  /** 1–5 criteria with unique keys, each 0–10 in half points. */
  criteria: ReviewCriterionScore[];
  /** '' for none; at most {@link MAX_REVIEW_NOTE_CHARS}. */
  note: string;
}

/** A stored review. */
export interface MentorReview extends ReviewInput {
  createdAt: Date;
  updatedAt: Date;
}

/** What saving a review did. */
export interface SavedReview {
  /** The reviewer had already reviewed this question (their review was replaced). */
  replaced: boolean;
  /** This is the reviewer's first review of any question of this interview (tell the candidate once). */
  firstForInterview: boolean;
}

/** One mentor review beside the AI's scores of the same answer (the stats' raw material). */
export interface ReviewPair {
  interviewId: string;
  number: number;
  reviewerUserId: string;
  /** The AI's score of the answer, 0–10. */
  aiScore: number;
  /** The AI's per-criterion scores ([] when the evaluation gave none). */
  aiCriteria: Array<{ key: string; score: number }>;
  mentorCriteria: ReviewCriterionScore[];
}

/** The AI's mean score of one criterion over a server's scored answers. */
export interface AiCriterionMean {
  key: string;
  name: string;
  mean: number;
  /** Answers scored on this criterion. */
  count: number;
}

/** Interviews started in one week (Monday 00:00 UTC). */
export interface WeekCount {
  weekStart: Date;
  interviews: number;
}

/** Everything `/interview stats` needs from the store, for one server. */
export interface ReviewStatsData {
  /** Every mentor review of an AI-scored answer of an interview started at or after `since`. */
  pairs: ReviewPair[];
  /** The AI's mean per criterion over the answers of interviews started at or after `since`. */
  aiCriteria: AiCriterionMean[];
  /** Interviews per week for the weeks starting at or after `weeksFrom` (weeks with none are left out). */
  weeks: WeekCount[];
}

/** The stats query: one server, reviews of interviews started since `since`, weeks from `weeksFrom`. */
export interface ReviewStatsQuery {
  guildId: string;
  since: Date;
  /** A Monday 00:00 UTC. */
  weeksFrom: Date;
}

/** Whether a number is a valid review score: 0–10 in half points. */
export function isReviewScore(score: number): boolean {
  return Number.isFinite(score) && score >= 0 && score <= 10 && Number.isInteger(score * 2);
}

/** The mentor's score of the whole answer: the mean of their criterion scores. */
export function reviewScore(criteria: readonly ReviewCriterionScore[]): number {
  if (criteria.length === 0) throw new RangeError('a review has at least one criterion');
  return criteria.reduce((sum, c) => sum + c.score, 0) / criteria.length;
}
