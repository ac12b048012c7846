import type { Guild, InteractionEditReplyOptions } from 'discord.js';
import { buildCustomId } from '../../bot/customId.ts';
import { buildHistoryComponents } from '../../bot/embeds/historyComponents.ts';
import { buildHistoryEmbed } from '../../bot/embeds/historyEmbed.ts';
import { resolveMentor, type MentorSource } from '../../bot/resolveMentor.ts';
import { UserError } from '../../UserError.ts';
import type { CommandContext } from '../CommandContext.ts';
import { encodeHistoryState, type HistoryState } from './historyState.ts';

/** Interviews per page of `/interview history` (also the select menu's options: ≤ 25). */
export const HISTORY_PAGE_SIZE = 10;

/**
 * Today's visibility rule for history: your own interviews; a mentor's, anyone's in this guild.
 * @throws UserError `not_mentor` when the state shows someone else's (or everyone's) to a non-mentor
 */
export async function checkHistoryVisible(source: MentorSource, state: HistoryState, ctx: CommandContext, knownMentor?: boolean): Promise<void> {
  if (state.userId === state.ownerId) return;
  if (knownMentor ?? (await resolveMentor(source, ctx.store))) return;
  throw new UserError('not_mentor', "Only mentors can see other members' interviews. Run `/interview history` without `user` to see yours.");
}

/**
 * One page of history as a reply (the embed, a select menu of its interviews and Prev / Next
 * buttons carrying the state). Call {@link checkHistoryVisible} first. Guild-scoped.
 */
export async function historyPage(guild: Guild, state: HistoryState, ctx: CommandContext): Promise<InteractionEditReplyOptions> {
  const result = await ctx.store.listInterviews({
    guildId: guild.id,
    ...(state.userId !== null ? { userId: state.userId } : {}),
    ...(state.type !== null ? { type: state.type } : {}),
    ...(state.sinceMs !== null ? { since: new Date(state.sinceMs) } : {}),
    page: state.page,
    pageSize: HISTORY_PAGE_SIZE,
  });
  const showCandidate = state.userId === null;
  const pages = Math.max(1, Math.ceil(result.total / HISTORY_PAGE_SIZE));
  return {
    content: '',
    embeds: [buildHistoryEmbed(result, { subject: subjectOf(guild, state, result.items[0]?.candidateName), page: state.page, pageSize: HISTORY_PAGE_SIZE, showCandidate })],
    components: buildHistoryComponents(result.items, {
      page: state.page,
      pages,
      customIdForPage: (page) => buildCustomId('history-page', encodeHistoryState({ ...state, page })),
      selectCustomId: buildCustomId('history-open', state.ownerId),
      showCandidate,
    }),
    allowedMentions: { parse: [] },
  };
}

/** "Your interviews", "Interviews of Alice" or "All interviews in <server>", with the filters. */
function subjectOf(guild: Guild, state: HistoryState, firstCandidateName: string | undefined): string {
  const whose =
    state.userId === null
      ? `All interviews in ${guild.name}`
      : state.userId === state.ownerId
        ? 'Your interviews'
        : `Interviews of ${guild.members.cache.get(state.userId)?.displayName ?? firstCandidateName ?? 'this member'}`;
  const filters = [
    state.type === 'hr' ? 'HR' : state.type === 'technical' ? 'technical' : null,
    state.sinceMs !== null ? `since ${new Date(state.sinceMs).toISOString().slice(0, 10)}` : null,
  ].filter(Boolean);
  return filters.length > 0 ? `${whose} (${filters.join(', ')})` : whose;
}
