import { MessageFlags } from 'discord-api-types/v10';
import { escapeMarkdown } from 'discord.js';
import { ChartFontMissingError } from '../../bot/charts/chartFont.ts';
import { buildTrendsChartFile } from '../../bot/charts/trendsChartFile.ts';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import { buildTrendSeries } from '../../interview/trends/buildTrendSeries.ts';
import { loadTrendInterviews } from '../../interview/trends/loadTrendInterviews.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';

/** Scored interviews a trend needs (one point is not a trend). */
export const MIN_TREND_INTERVIEWS = 2;

/**
 * `/interview trends [user]`: a chart (trends.png) of the candidate's overall score and mean
 * score per rubric criterion over their newest scored interviews in this guild. Your own;
 * someone else's for mentors only. Private (ephemeral), like `/interview history`.
 */
export const handleTrends: SubcommandHandler<'trends'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const me = interaction.user.id;
  const target = args.user ?? interaction.user;
  const own = target.id === me;
  if (!own && !(await resolveMentor(interaction, ctx.store))) {
    throw new UserError('not_mentor', "Only mentors can see other members' trends. Run `/interview trends` without `user` to see yours.");
  }
  const interviews = await loadTrendInterviews(ctx.store, { guildId: interaction.guildId, userId: target.id });
  const series = buildTrendSeries(interviews);
  const count = series.points.length;
  const name = interaction.guild.members.cache.get(target.id)?.displayName ?? target.displayName;
  if (count < MIN_TREND_INTERVIEWS) {
    const who = own ? 'you have' : `${escapeMarkdown(name)} has`;
    await interaction.editReply({ content: `Trends need at least two scored interviews; ${who} ${count}.`, allowedMentions: { parse: [] } });
    return;
  }
  let file;
  try {
    file = await buildTrendsChartFile(name, series);
  } catch (err) {
    if (err instanceof ChartFontMissingError) {
      ctx.logger.error({ err }, 'trend chart font missing');
      throw new UserError('chart_font_missing', 'Charts cannot be drawn on this bot right now: its chart font is not installed. Ask the bot’s operator to install fonts-dejavu-core.', { cause: err });
    }
    throw err;
  }
  const withCriteria = series.criteria.length > 0 ? `, ${series.criteria.length} rubric criteria` : '';
  await interaction.editReply({
    content: `Score trends of **${escapeMarkdown(name)}** over ${count} scored interviews (overall${withCriteria}).`,
    files: [file],
    allowedMentions: { parse: [] },
  });
};
