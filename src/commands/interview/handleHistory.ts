import { MessageFlags } from 'discord-api-types/v10';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import { UserError } from '../../UserError.ts';
import type { ButtonHandler } from '../ButtonHandler.ts';
import type { SelectHandler } from '../SelectHandler.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { checkHistoryVisible, historyPage } from './historyPage.ts';
import { decodeHistoryState, type HistoryState } from './historyState.ts';
import { interviewDetailsReply } from './interviewDetailsReply.ts';
import { loadVisibleInterview } from './loadVisibleInterview.ts';
import { parseSince } from './parseSince.ts';

const NOT_YOURS = 'Only the member who ran this `/interview history` can use it. Run `/interview history` yourself to see yours.';

/**
 * `/interview history [user] [type] [since] [page]`: your own interviews; mentors see everyone's
 * in this guild (all of them without `user`). Never another guild's: the store is guild-scoped.
 * The reply pages with Prev / Next and opens an interview from its select menu.
 */
export const handleHistory: SubcommandHandler<'history'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const me = interaction.user.id;
  const mentor = await resolveMentor(interaction, ctx.store);
  const state: HistoryState = {
    ownerId: me,
    page: args.page ?? 1,
    userId: args.user ? args.user.id : mentor ? null : me,
    type: args.type ?? null,
    sinceMs: args.since === undefined ? null : Math.floor(parseSince(args.since, Date.now()) / 1000) * 1000,
  };
  await checkHistoryVisible(interaction, state, ctx, mentor);
  await interaction.editReply(await historyPage(interaction.guild, state, ctx));
};

/** Prev / Next under a history page: only its owner may page, and visibility is checked again. */
export const handleHistoryButton: ButtonHandler<'history-page'> = async (interaction, _action, id, ctx) => {
  const state = decodeHistoryState(id);
  if (!state) throw new UserError('stale_history', 'This history page is out of date. Run `/interview history` again.');
  if (interaction.user.id !== state.ownerId) throw new UserError('not_your_history', NOT_YOURS);
  // Acknowledged first: the mentor check and the page are store round trips (Discord allows 3 s).
  await interaction.deferUpdate();
  await checkHistoryVisible(interaction, state, ctx);
  await interaction.editReply(await historyPage(interaction.guild, state, ctx));
};

/** The select menu under a history page: opens the chosen interview (what `/interview show` shows). */
export const handleHistorySelect: SelectHandler<'history-open'> = async (interaction, _action, ownerId, ctx) => {
  if (interaction.user.id !== ownerId) throw new UserError('not_your_history', NOT_YOURS);
  const [interviewId] = interaction.values;
  if (!interviewId) throw new UserError('nothing_chosen', 'Pick an interview from the menu.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { details } = await loadVisibleInterview(interaction, interviewId, ctx);
  const reviews = await ctx.store.listReviews(interaction.guildId, details.interview.id);
  await interaction.editReply(interviewDetailsReply(details, reviews));
};
