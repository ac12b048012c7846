import { MAX_REVIEW_NOTE_CHARS, isReviewScore, type MentorReview, type ReviewInput, type ReviewStatsData, type ReviewStatsQuery, type SavedReview } from '../review.ts';
import { weekStartUtc } from '../reviewStats.ts';
import type { InterviewRecord, QuestionRecord } from '../types.ts';

/** What PostgreSQL says when a row breaks a check constraint of mentor_reviews. */
function checkViolation(column: string): Error {
  return Object.assign(new Error(`new row for relation "mentor_reviews" violates check constraint "mentor_reviews_${column}_check"`), { code: '23514' });
}

/**
 * The mentor reviews of a {@link MemoryStore}, behaving like sql/012_mentor_reviews.sql: scoped
 * by guild, one review per mentor per question (saving again replaces it), the same checks, and
 * gone with their interview or question (the foreign keys' cascade: reviews whose interview or
 * question no longer exists are dropped before every read and write).
 */
export class MemoryReviews {
  /** Keyed `${interviewId}#${number}#${reviewerUserId}`, in the order first saved. */
  readonly reviews = new Map<string, MentorReview>();
  readonly #interviews: ReadonlyMap<string, InterviewRecord>;
  readonly #questions: ReadonlyMap<string, QuestionRecord>;

  /** `questions` keyed `${interviewId}#${number}` (MemoryStore's maps, read live). */
  constructor(interviews: ReadonlyMap<string, InterviewRecord>, questions: ReadonlyMap<string, QuestionRecord>) {
    this.#interviews = interviews;
    this.#questions = questions;
  }

  #question(guildId: string, interviewId: string, number: number): QuestionRecord | undefined {
    return this.#interviews.get(interviewId)?.guildId === guildId ? this.#questions.get(`${interviewId}#${number}`) : undefined;
  }

  /** The cascade of the foreign keys. */
  #prune(): void {
    for (const [k, r] of this.reviews) if (!this.#question(r.guildId, r.interviewId, r.number)) this.reviews.delete(k);
  }

  async save(input: ReviewInput): Promise<SavedReview | null> {
    this.#prune();
    const c = input.criteria;
    if (c.length < 1 || c.length > 5 || new Set(c.map((x) => x.key)).size !== c.length || !c.every((x) => x.key !== '' && isReviewScore(x.score))) throw checkViolation('criteria');
    if (!this.#question(input.guildId, input.interviewId, input.number)) return null;
    if ([...input.note].length > MAX_REVIEW_NOTE_CHARS) throw checkViolation('note');
    const key = `${input.interviewId}#${input.number}#${input.reviewerUserId}`;
    const kept = this.reviews.get(key);
    const firstForInterview = ![...this.reviews.values()].some((r) => r.interviewId === input.interviewId && r.reviewerUserId === input.reviewerUserId);
    const now = new Date();
    this.reviews.set(key, {
      guildId: input.guildId, interviewId: input.interviewId, number: input.number, reviewerUserId: input.reviewerUserId,
      criteria: c.map((x) => ({ key: x.key, name: x.name, score: x.score })), note: input.note,
      createdAt: kept?.createdAt ?? now, updatedAt: now,
    });
    return { replaced: kept !== undefined, firstForInterview };
  }

  /** By question, then oldest first (like list_reviews). */
  async list(guildId: string, interviewId: string): Promise<MentorReview[]> {
    this.#prune();
    return [...this.reviews.values()]
      .filter((r) => r.guildId === guildId && r.interviewId === interviewId)
      .sort((a, b) => a.number - b.number || a.createdAt.getTime() - b.createdAt.getTime() || (a.reviewerUserId < b.reviewerUserId ? -1 : 1))
      .map((r) => structuredClone(r));
  }

  /** Like review_stats. */
  async stats(q: ReviewStatsQuery): Promise<ReviewStatsData> {
    this.#prune();
    const since = (i: InterviewRecord | undefined): boolean => i !== undefined && i.guildId === q.guildId && i.startedAt.getTime() >= q.since.getTime();
    const scored = (x: QuestionRecord | undefined): x is QuestionRecord & { score: number } => x !== undefined && x.evaluationStatus === 'scored' && x.score !== null;
    const pairs = [...this.reviews.values()]
      .filter((r) => r.guildId === q.guildId && since(this.#interviews.get(r.interviewId)) && scored(this.#questions.get(`${r.interviewId}#${r.number}`)))
      .map((r) => ({ r, i: this.#interviews.get(r.interviewId)!, x: this.#questions.get(`${r.interviewId}#${r.number}`)! }))
      .sort((a, b) => a.i.startedAt.getTime() - b.i.startedAt.getTime() || (a.r.interviewId < b.r.interviewId ? -1 : a.r.interviewId > b.r.interviewId ? 1 : 0) || a.r.number - b.r.number || a.r.createdAt.getTime() - b.r.createdAt.getTime())
      .map(({ r, x }) => ({
        interviewId: r.interviewId, number: r.number, reviewerUserId: r.reviewerUserId, aiScore: x.score!,
        aiCriteria: x.criteria.map((c) => ({ key: c.key, score: c.score })), mentorCriteria: structuredClone(r.criteria),
      }));
    const means = new Map<string, { name: string; sum: number; count: number }>();
    for (const x of this.#questions.values()) {
      if (!scored(x) || !since(this.#interviews.get(x.interviewId))) continue;
      for (const c of x.criteria) {
        const m = means.get(c.key) ?? { name: c.name, sum: 0, count: 0 };
        means.set(c.key, { name: c.name > m.name ? c.name : m.name, sum: m.sum + c.score, count: m.count + 1 });
      }
    }
    const weeks = new Map<number, number>();
    for (const i of this.#interviews.values()) {
      if (i.guildId !== q.guildId || i.startedAt.getTime() < q.weeksFrom.getTime()) continue;
      const w = weekStartUtc(i.startedAt).getTime();
      weeks.set(w, (weeks.get(w) ?? 0) + 1);
    }
    return {
      pairs,
      aiCriteria: [...means].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, m]) => ({ key, name: m.name, mean: m.sum / m.count, count: m.count })),
      weeks: [...weeks].sort(([a], [b]) => a - b).map(([w, n]) => ({ weekStart: new Date(w), interviews: n })),
    };
  }
}
