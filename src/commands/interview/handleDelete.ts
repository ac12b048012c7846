import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../../bot/BotContext.ts';
import { buildCustomId } from '../../bot/customId.ts';
import { interviewTitle } from '../../bot/embeds/format.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { loadVisibleInterview } from './loadVisibleInterview.ts';

/** `/interview delete id`: asks for confirmation with two buttons (the candidate or a mentor). */
export const handleDelete: SubcommandHandler<'delete'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { details } = await loadVisibleInterview(interaction, args.id, ctx);
  const { interview } = details;
  await interaction.editReply({
    content: `Delete the interview **${interviewTitle(interview)}** of ${interview.candidateName} (<t:${Math.floor(interview.startedAt.getTime() / 1000)}:d>, id \`${interview.id}\`) with all its answers? This cannot be undone.`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Delete', custom_id: buildCustomId('delete-confirm', interview.id) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: buildCustomId('delete-cancel', interview.id) },
        ],
      },
    ],
    allowedMentions: { parse: [] },
  });
};

/** The Delete / Cancel buttons of {@link handleDelete}; permissions are checked again. */
export async function handleDeleteButton(interaction: ButtonInteraction<'cached'>, confirmed: boolean, interviewId: string, ctx: BotContext): Promise<void> {
  if (!confirmed) {
    await interaction.update({ content: 'Nothing was deleted.', components: [] });
    return;
  }
  // Acknowledged first: the checks and the delete are store round trips (Discord allows 3 s).
  await interaction.deferUpdate();
  await loadVisibleInterview(interaction, interviewId, ctx);
  if (ctx.coordinator.runningById(interaction.guildId, interviewId)) {
    throw new UserError('still_running', 'This interview is still running. Stop it with `/interview stop` first.');
  }
  const deleted = await ctx.store.deleteInterview(interaction.guildId, interviewId);
  await interaction.editReply({ content: deleted ? `Interview \`${interviewId}\` and its answers were deleted.` : 'It was already deleted.', components: [] });
}
