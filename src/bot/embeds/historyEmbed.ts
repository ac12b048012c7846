import type { APIEmbed } from 'discord-api-types/v10';
import type { HistoryPage } from '../../interview/Store.ts';
import { discordTime, formatScore, interviewTitle, statusLabel, truncate, typeLabel } from './format.ts';

/**
 * `/interview history`: one page of interviews, newest first (the menu and buttons under it:
 * {@link ./historyComponents.ts}), each with its id for
 * `/interview show` and `/interview delete`. Pure.
 * @param opts.subject whose interviews, e.g. "Your interviews" or "Interviews of Alice"
 * @param opts.showCandidate name the candidate on each line (mentor views of everyone)
 */
export function buildHistoryEmbed(
  result: HistoryPage,
  opts: { subject: string; page: number; pageSize: number; showCandidate: boolean },
): APIEmbed {
  const pages = Math.max(1, Math.ceil(result.total / opts.pageSize));
  const lines = result.items.map((i) => {
    const who = opts.showCandidate ? ` · ${truncate(i.candidateName, 40)}` : '';
    return truncate(
      `**${truncate(interviewTitle(i), 60)}**${who} · ${typeLabel(i.type)} · ${formatScore(i.finalScore)} · ${statusLabel(i.status)}\n` +
        `${discordTime(i.startedAt, 'd')} · id \`${i.id}\``,
      300,
    );
  });
  const description =
    result.total === 0
      ? 'No interviews yet. Start one with `/interview start`.'
      : lines.length === 0
        ? `Page ${opts.page} is empty; there ${pages === 1 ? 'is 1 page' : `are ${pages} pages`}.`
        : lines.join('\n\n');
  return {
    title: truncate(opts.subject, 200),
    description: truncate(description, 4000),
    footer: { text: `Page ${Math.min(opts.page, pages)} of ${pages} · ${result.total} interview${result.total === 1 ? '' : 's'}${result.items.length > 0 ? ' · pick one in the menu below to open it' : ''}` },
  };
}
