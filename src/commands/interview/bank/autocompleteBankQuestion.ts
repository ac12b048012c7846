import { AUTOCOMPLETE_LIMITS } from '../../../bot/embeds/interviewChoice.ts';
import { resolveMentor } from '../../../bot/resolveMentor.ts';
import type { AutocompleteHandler } from '../../AutocompleteHandler.ts';
import { clip, shortId } from './bankArgs.ts';

/**
 * The `id` option of `/interview bank remove`: the server's bank questions whose id starts with,
 * or whose text contains, what the mentor typed (nothing for members who are not mentors).
 */
export const autocompleteBankQuestion: AutocompleteHandler = async (interaction, ctx) => {
  if (!(await resolveMentor(interaction, ctx.store))) return [];
  const typed = String(interaction.options.getFocused()).trim().slice(0, 64);
  const found = await ctx.store.listBankQuestions({ guildId: interaction.guildId, ...(typed ? { text: typed } : {}), limit: AUTOCOMPLETE_LIMITS.choices });
  return found.items.map((q) => ({ name: clip(`${shortId(q.id)} · ${q.text}`, AUTOCOMPLETE_LIMITS.name), value: q.id }));
};
