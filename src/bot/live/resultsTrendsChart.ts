import type { Store } from '../../interview/Store.ts';
import { buildTrendSeries } from '../../interview/trends/buildTrendSeries.ts';
import { loadTrendInterviews } from '../../interview/trends/loadTrendInterviews.ts';
import type { InterviewDetails } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';
import { buildTrendsChartFile, type ChartFile } from '../charts/trendsChartFile.ts';
import { rejectOnAbort } from '../../util/rejectOnAbort.ts';

/** Scored interviews (this one included) before the results show a trend chart. */
export const RESULTS_CHART_MIN_INTERVIEWS = 3;
/** The most the chart may add before the results are posted; past it they go without. */
export const RESULTS_CHART_BUDGET_MS = 3_000;

export interface ResultsTrendsChartInput {
  store: Pick<Store, 'listInterviews' | 'getInterview'>;
  /** The interview whose results are posted, as they will be shown (it may not all be in the store yet). */
  details: InterviewDetails;
  /** Shown as the chart's title. */
  candidateName: string;
  logger: Logger;
  budgetMs?: number;
}

/**
 * The trend chart for an interview's results, when it is scored and the candidate has
 * {@link RESULTS_CHART_MIN_INTERVIEWS} or more scored interviews in the guild (this one
 * included); else null. Never throws and never takes longer than the budget: a chart that fails
 * or is late is logged and left out, so the results are never lost or held up by it.
 */
export async function resultsTrendsChart(input: ResultsTrendsChartInput): Promise<ChartFile | null> {
  const controller = new AbortController();
  const budgetMs = input.budgetMs ?? RESULTS_CHART_BUDGET_MS;
  const timer = setTimeout(() => controller.abort(new Error(`the trend chart took longer than ${budgetMs} ms`)), budgetMs);
  try {
    return await Promise.race([chartFor(input, controller.signal), rejectOnAbort(controller.signal)]);
  } catch (err) {
    input.logger.warn({ err, interviewId: input.details.interview.id }, 'results posted without the trend chart');
    return null;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function chartFor(input: ResultsTrendsChartInput, signal: AbortSignal): Promise<ChartFile | null> {
  const { interview } = input.details;
  const stored = await loadTrendInterviews(input.store, { guildId: interview.guildId, userId: interview.candidateUserId, signal });
  // This interview as the results show it, in place of what the store may hold of it.
  const all = [input.details, ...stored.filter((d) => d.interview.id !== interview.id)];
  const series = buildTrendSeries(all);
  if (!series.points.some((p) => p.interviewId === interview.id) || series.points.length < RESULTS_CHART_MIN_INTERVIEWS) return null;
  return buildTrendsChartFile(input.candidateName, series, { signal });
}
