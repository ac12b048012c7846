import { MessageFlags } from 'discord-api-types/v10';
import { buildHistoryEmbed } from '../../bot/embeds/historyEmbed.ts';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';

/** Interviews per page of `/interview history`. */
export const HISTORY_PAGE_SIZE = 10;

/**
 * `/interview history [user] [page]`: your own interviews; mentors see everyone's in this guild
 * (all of them without `user`). Never another guild's: the store is guild-scoped.
 */
export const handleHistory: SubcommandHandler<'history'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const me = interaction.user.id;
  const target = args.user;
  const mentor = await resolveMentor(interaction, ctx.store);
  if (target && target.id !== me && !mentor) {
    throw new UserError('not_mentor', "Only mentors can see other members' interviews. Run `/interview history` without `user` to see yours.");
  }
  const page = args.page ?? 1;
  const userId = target ? target.id : mentor ? undefined : me;
  const result = await ctx.store.listInterviews({ guildId: interaction.guildId, userId, page, pageSize: HISTORY_PAGE_SIZE });
  const subject =
    userId === undefined ? `All interviews in ${interaction.guild.name}` : userId === me ? 'Your interviews' : `Interviews of ${target?.displayName ?? 'this member'}`;
  await interaction.editReply({
    embeds: [buildHistoryEmbed(result, { subject, page, pageSize: HISTORY_PAGE_SIZE, showCandidate: userId === undefined })],
    allowedMentions: { parse: [] },
  });
};
