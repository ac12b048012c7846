import type { InterviewRecord, InterviewStatus, QuestionRecord } from '../../interview/types.ts';

/** Cuts text to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The first sentence (or line) of a text, for one-line feedback. */
export function firstSentence(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  const match = /^.*?[.!?](?=\s|$)/.exec(line);
  return (match ? match[0] : line).trim();
}

/** `7.3/10`, or a dash when there is no score. */
export function formatScore(score: number | null): string {
  if (score === null) return '–';
  return `${Number.isInteger(score) ? score : score.toFixed(1)}/10`;
}

/** `1m 05s` / `42s`. */
export function formatDurationMs(ms: number): string {
  const totalS = Math.round(ms / 1000);
  const m = Math.floor(totalS / 60);
  const s = totalS % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** `2.4 s` under a minute (one decimal below 10 s), else as {@link formatDurationMs}. */
export function formatSecondsMs(ms: number): string {
  if (ms >= 60_000) return formatDurationMs(ms);
  const s = ms / 1000;
  return `${s < 10 ? (Math.round(s * 10) / 10).toFixed(1) : String(Math.round(s))} s`;
}

const STATUS_LABELS: Record<InterviewStatus, string> = {
  in_progress: 'in progress',
  completed: 'completed',
  abandoned: 'stopped early',
  interrupted: 'interrupted by a restart',
  failed: 'failed',
};

/** Human wording of an interview status. */
export function statusLabel(status: InterviewStatus): string {
  return STATUS_LABELS[status];
}

/** `Technical` / `HR`. */
export function typeLabel(type: InterviewRecord['type']): string {
  return type === 'hr' ? 'HR' : 'Technical';
}

/** What a question's score cell says: the score, or why there is none. */
export function questionScoreLabel(q: QuestionRecord): string {
  if (q.answerStatus === 'skipped') return 'skipped (0/10)';
  if (q.answerStatus === 'unanswered') return 'no answer (0/10)';
  switch (q.evaluationStatus) {
    case 'scored':
      return formatScore(q.score);
    case 'pending':
      return 'being scored…';
    case 'unscored':
      return 'not scored yet (will retry)';
    case 'not_applicable':
      return '–';
    case 'not_enough':
      return 'not enough to score (0/10)';
  }
}

/** "Not enough to score — <reason>" for a `not_enough` question, else null. */
export function notEnoughLine(q: QuestionRecord): string | null {
  if (q.evaluationStatus !== 'not_enough') return null;
  const reason = q.feedback?.replace(/\s+/g, ' ').trim();
  return reason ? `Not enough to score — ${reason}` : 'Not enough to score';
}

/** `3 of 10 asked` when the interview ended before its last question, else `10 questions`. */
export function askedLine(asked: number, total: number): string {
  return asked < total ? `${asked} of ${total} asked` : `${total} question${total === 1 ? '' : 's'}`;
}

/** The interview's title: the job title, or its type when there is none. */
export function interviewTitle(interview: InterviewRecord): string {
  return interview.jobTitle.trim() ? interview.jobTitle.trim() : `${typeLabel(interview.type)} interview`;
}

/** Discord timestamp markup, rendered in each reader's time zone. */
export function discordTime(date: Date, style: 'f' | 'R' | 'd' = 'f'): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

/** Unique items across lists, in first-seen order (case-insensitive), at most `max`. */
export function uniqueItems(lists: readonly (readonly string[])[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const raw of list) {
      const item = raw.trim();
      const key = item.toLowerCase();
      if (!item || seen.has(key)) continue;
      seen.add(key);
      out.push(item);
      if (out.length >= max) return out;
    }
  }
  return out;
}
