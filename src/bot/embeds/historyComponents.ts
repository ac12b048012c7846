import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APISelectMenuOption } from 'discord-api-types/v10';
import type { InterviewRecord } from '../../interview/types.ts';
import { formatScore, interviewTitle, statusLabel, truncate, typeLabel } from './format.ts';

/** Discord's limits on a string select menu. */
export const SELECT_LIMITS = { options: 25, label: 100, value: 100, description: 100, placeholder: 150 } as const;

/** Options of {@link buildHistoryComponents}. */
export interface HistoryComponentsOptions {
  /** 1-based; may be past the last page (then the page is empty). */
  page: number;
  /** At least 1. */
  pages: number;
  /** The customId of the button that shows `page` (encodes the filters). */
  customIdForPage: (page: number) => string;
  /** The customId of the select menu. */
  selectCustomId: string;
  /** Name the candidate in each option (mentor views of everyone). */
  showCandidate: boolean;
}

/**
 * Under a history page: a select menu of the page's interviews (picking one opens its details)
 * and Prev / Next buttons. Pure; within Discord's limits (25 options, labels and descriptions
 * of 100, unique customIds: the disabled button points at a page no other button does).
 */
export function buildHistoryComponents(items: readonly InterviewRecord[], opts: HistoryComponentsOptions): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (items.length > 0) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: opts.selectCustomId,
          placeholder: 'Open an interview…',
          options: items.slice(0, SELECT_LIMITS.options).map((i) => historyOption(i, opts.showCandidate)),
        },
      ],
    });
  }
  if (opts.pages > 1 || opts.page > 1) {
    const hasPrev = opts.page > 1;
    const hasNext = opts.page < opts.pages;
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Prev', custom_id: opts.customIdForPage(hasPrev ? Math.min(opts.page - 1, opts.pages) : 1), disabled: !hasPrev },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: opts.customIdForPage(hasNext ? opts.page + 1 : opts.page), disabled: !hasNext },
      ],
    });
  }
  return rows;
}

/** One interview as a select option: its title (and candidate), then type, score, status and date. */
export function historyOption(i: InterviewRecord, showCandidate: boolean): APISelectMenuOption {
  const title = truncate(interviewTitle(i), showCandidate ? 60 : SELECT_LIMITS.label);
  return {
    label: truncate(showCandidate ? `${title} · ${i.candidateName}` : title, SELECT_LIMITS.label),
    value: i.id,
    description: truncate(`${typeLabel(i.type)} · ${formatScore(i.finalScore)} · ${statusLabel(i.status)} · ${i.startedAt.toISOString().slice(0, 10)}`, SELECT_LIMITS.description),
  };
}
