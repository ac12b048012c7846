import type { InterviewDetails, InterviewStatus } from '../types.ts';

/** At most this many interviews on a trend chart (the newest). */
export const MAX_TREND_INTERVIEWS = 20;
/** At most this many criterion lines (the ones scored in the most interviews); the overall line comes on top. */
export const MAX_TREND_CRITERIA = 8;

/** One interview on the chart's x axis. */
export interface TrendPoint {
  interviewId: string;
  startedAt: Date;
  /** The interview's overall score (InterviewRecord.finalScore), 0–10; null when it has none. */
  overall: number | null;
}

/** One criterion's line: its mean score per interview, aligned with {@link TrendSeries.points}. */
export interface TrendLine {
  key: string;
  /** The name it was last scored under (a rubric may rename a criterion). */
  name: string;
  /** 0–10, or null where the interview has no score for this criterion. */
  values: Array<number | null>;
}

/** What a trend chart shows: interviews oldest first, and one line per rubric criterion. */
export interface TrendSeries {
  points: TrendPoint[];
  criteria: TrendLine[];
}

const FINISHED: ReadonlySet<InterviewStatus> = new Set(['completed', 'abandoned']);

/** Completed or abandoned, with an overall score or at least one criterion score. */
export function isScoredInterview(details: InterviewDetails): boolean {
  if (!FINISHED.has(details.interview.status)) return false;
  return details.interview.finalScore !== null || details.questions.some((q) => q.criteria.length > 0);
}

/**
 * The trend of a candidate's interviews: the newest {@link MAX_TREND_INTERVIEWS} scored ones
 * ({@link isScoredInterview}), oldest first, each with its overall score and, per criterion,
 * the mean over its questions' criterion scores. Criteria are keyed by `key` (in the order they
 * first appear); interviews scored before rubric scoring have none, so a line has nulls there.
 * Pure.
 */
export function buildTrendSeries(interviews: readonly InterviewDetails[]): TrendSeries {
  const chosen = interviews
    .filter(isScoredInterview)
    .sort((a, b) => a.interview.startedAt.getTime() - b.interview.startedAt.getTime() || a.interview.id.localeCompare(b.interview.id))
    .slice(-MAX_TREND_INTERVIEWS);
  const points: TrendPoint[] = chosen.map(({ interview }) => ({ interviewId: interview.id, startedAt: interview.startedAt, overall: interview.finalScore }));
  const lines = new Map<string, TrendLine>();
  chosen.forEach((details, index) => {
    for (const [key, { name, mean }] of criterionMeans(details)) {
      let line = lines.get(key);
      if (!line) {
        line = { key, name, values: points.map(() => null) };
        lines.set(key, line);
      }
      line.name = name;
      line.values[index] = mean;
    }
  });
  return { points, criteria: mostScored([...lines.values()], MAX_TREND_CRITERIA) };
}

/** Per criterion key: the mean of its scores over the interview's questions, and its latest name. */
function criterionMeans(details: InterviewDetails): Map<string, { name: string; mean: number }> {
  const sums = new Map<string, { name: string; sum: number; count: number }>();
  const questions = [...details.questions].sort((a, b) => a.number - b.number);
  for (const q of questions) {
    for (const c of q.criteria) {
      if (!Number.isFinite(c.score)) continue;
      const s = sums.get(c.key) ?? { name: c.name, sum: 0, count: 0 };
      s.name = c.name;
      s.sum += c.score;
      s.count += 1;
      sums.set(c.key, s);
    }
  }
  return new Map([...sums].map(([key, s]) => [key, { name: s.name, mean: s.sum / s.count }]));
}

/** The `limit` lines with the most values, keeping their order of first appearance. */
function mostScored(lines: TrendLine[], limit: number): TrendLine[] {
  if (lines.length <= limit) return lines;
  const count = (l: TrendLine): number => l.values.filter((v) => v !== null).length;
  const kept = new Set([...lines].sort((a, b) => count(b) - count(a)).slice(0, limit));
  return lines.filter((l) => kept.has(l));
}
