import { interviewChoice, AUTOCOMPLETE_LIMITS } from '../../bot/embeds/interviewChoice.ts';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import type { AutocompleteHandler } from '../AutocompleteHandler.ts';

/**
 * The `id` option of `/interview show` and `delete`: the newest interviews the member may see
 * whose id starts with, or whose job title or candidate name contains, what they typed — a
 * candidate's own, a mentor's anyone's in this guild.
 */
export const autocompleteInterviewId: AutocompleteHandler = async (interaction, ctx) => {
  const typed = String(interaction.options.getFocused()).trim().slice(0, 64);
  const mentor = await resolveMentor(interaction, ctx.store);
  const found = await ctx.store.searchInterviews({
    guildId: interaction.guildId,
    ...(mentor ? {} : { userId: interaction.user.id }),
    text: typed,
    limit: AUTOCOMPLETE_LIMITS.choices,
  });
  return found.map((i) => interviewChoice(i, mentor));
};
