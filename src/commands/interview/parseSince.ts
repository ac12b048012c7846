import { UserError } from '../../UserError.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

/** What `since` accepts, for the option's description and the refusal. */
export const SINCE_HINT = 'Give `since` as a date (`2026-11-01`) or a span back from now (`7d`, `4w`, `6m`, `1y`).';

/**
 * The `since` filter of `/interview history`: a UTC date `YYYY-MM-DD` or `<n>d|w|m|y` back from
 * `nowMs` (a month counts 30 days). Returns epoch ms.
 * @throws UserError `bad_since` for anything else
 */
export function parseSince(text: string, nowMs: number): number {
  const t = text.trim().toLowerCase();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (date) {
    const [, y, m, d] = date.map(Number) as [number, number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d && y >= 2000) return ms;
  }
  const span = /^(\d{1,4})\s*([dwmy])$/.exec(t);
  if (span) return nowMs - Number(span[1]) * (UNIT_DAYS[span[2] ?? 'd'] ?? 1) * DAY_MS;
  throw new UserError('bad_since', SINCE_HINT);
}
