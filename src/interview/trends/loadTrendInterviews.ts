import type { Store } from '../Store.ts';
import type { InterviewDetails } from '../types.ts';
import { isScoredInterview, MAX_TREND_INTERVIEWS } from './buildTrendSeries.ts';

/** Interviews listed per store page while looking for scored ones. */
const PAGE_SIZE = 25;
/** Pages looked at, at most: a candidate with many unscored interviews still costs a bounded number of reads. */
const MAX_PAGES = 4;

/** Whose interviews to load, in which guild (reads are guild-scoped). */
export interface TrendQuery {
  guildId: string;
  userId: string;
  /** Stops between store reads when aborted (throws the signal's reason). */
  signal?: AbortSignal;
}

/**
 * The candidate's newest scored interviews in this guild (at most {@link MAX_TREND_INTERVIEWS},
 * newest first), with their questions: the history newest first, page by page, the completed
 * and abandoned interviews read in full (as many at once as are still needed) and kept if
 * {@link isScoredInterview}. Looks at no more
 * than {@link MAX_PAGES} × {@link PAGE_SIZE} interviews.
 */
export async function loadTrendInterviews(store: Pick<Store, 'listInterviews' | 'getInterview'>, query: TrendQuery): Promise<InterviewDetails[]> {
  const found: InterviewDetails[] = [];
  for (let page = 1; page <= MAX_PAGES && found.length < MAX_TREND_INTERVIEWS; page++) {
    query.signal?.throwIfAborted();
    const listed = await store.listInterviews({ guildId: query.guildId, userId: query.userId, page, pageSize: PAGE_SIZE });
    const finished = listed.items.filter((i) => i.status === 'completed' || i.status === 'abandoned');
    // Read as many at once as are still needed (one round trip's latency, not twenty, on a remote store).
    for (let next = 0; next < finished.length && found.length < MAX_TREND_INTERVIEWS; ) {
      query.signal?.throwIfAborted();
      const batch = finished.slice(next, next + MAX_TREND_INTERVIEWS - found.length);
      next += batch.length;
      const read = await Promise.all(batch.map((item) => store.getInterview(query.guildId, item.id)));
      for (const details of read) if (details && isScoredInterview(details)) found.push(details);
    }
    if (page * PAGE_SIZE >= listed.total) break;
  }
  return found;
}
