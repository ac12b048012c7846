import type { InterviewType } from '../../interview/types.ts';

/**
 * One `/interview history` view, small enough to travel in a button's customId (Discord keeps
 * no state for us): who asked, which page, and the filters. Every click re-checks visibility.
 */
export interface HistoryState {
  /** The member who ran the command; only they may page. */
  ownerId: string;
  /** 1-based. */
  page: number;
  /** Whose interviews; null for everyone in the server (mentors only). */
  userId: string | null;
  type: InterviewType | null;
  /** Only interviews started at or after this time (epoch ms, whole seconds); null for all. */
  sinceMs: number | null;
}

const TYPE_CODES: Record<InterviewType, string> = { technical: 't', hr: 'h' };
const SNOWFLAKE = /^\d{1,20}$/;

/**
 * `<owner>_<page>_<user|0>_<t|h|a>_<since seconds|0>`: at most 60 characters of `[\w-]`, so a
 * history-page customId stays within Discord's 100.
 */
export function encodeHistoryState(s: HistoryState): string {
  const since = s.sinceMs === null ? '0' : String(Math.max(1, Math.floor(s.sinceMs / 1000)));
  return [s.ownerId, String(s.page), s.userId ?? '0', s.type ? TYPE_CODES[s.type] : 'a', since].join('_');
}

/** The state of {@link encodeHistoryState}; null for anything it did not produce. */
export function decodeHistoryState(id: string): HistoryState | null {
  const parts = id.split('_');
  if (parts.length !== 5) return null;
  const [ownerId = '', page = '', userId = '', type = '', since = ''] = parts;
  if (!SNOWFLAKE.test(ownerId) || !/^[1-9]\d{0,3}$/.test(page) || !(userId === '0' || SNOWFLAKE.test(userId))) return null;
  if (!/^[tha]$/.test(type) || !/^\d{1,11}$/.test(since)) return null;
  return {
    ownerId,
    page: Number(page),
    userId: userId === '0' ? null : userId,
    type: type === 't' ? 'technical' : type === 'h' ? 'hr' : null,
    sinceMs: since === '0' ? null : Number(since) * 1000,
  };
}
