import { MessageFlags } from 'discord-api-types/v10';
import { buildReviewStatsEmbed } from '../../bot/embeds/reviewStatsEmbed.ts';
import { statsWeeksFrom, summarizeReviewStats } from '../../interview/reviewStats.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { requireMentor } from './loadReviewable.ts';
import { parseSince } from './parseSince.ts';

/** `/interview stats [since]` (mentors): mentor–AI agreement, interviews per week, the AI's criterion means. */
export const handleStats: SubcommandHandler<'stats'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireMentor(interaction, ctx);
  const now = new Date();
  const since = args.since === undefined ? null : new Date(parseSince(args.since, now.getTime()));
  const data = await ctx.store.getReviewStats({ guildId: interaction.guildId, since: since ?? new Date(0), weeksFrom: statsWeeksFrom(now) });
  await interaction.editReply({
    embeds: [buildReviewStatsEmbed(summarizeReviewStats(data, now), { guildName: interaction.guild.name, since })],
    allowedMentions: { parse: [] },
  });
};
