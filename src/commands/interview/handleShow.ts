import { MessageFlags } from 'discord-api-types/v10';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { interviewDetailsReply } from './interviewDetailsReply.ts';
import { loadVisibleInterview } from './loadVisibleInterview.ts';

/** `/interview show id`: questions, answers, scores and feedback, with the full transcript attached. */
export const handleShow: SubcommandHandler<'show'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { details } = await loadVisibleInterview(interaction, args.id, ctx);
  const reviews = await ctx.store.listReviews(interaction.guildId, details.interview.id);
  await interaction.editReply(interviewDetailsReply(details, reviews));
};
