import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { ButtonHandler } from '../ButtonHandler.ts';
import { buildCustomId } from '../../bot/customId.ts';
import { interviewTitle } from '../../bot/embeds/format.ts';
import { clientMessageDeleter, removeInterviewMessages, type RemovedMessages } from '../../bot/removeInterviewMessages.ts';
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
export const handleDeleteButton: ButtonHandler<'delete-confirm' | 'delete-cancel'> = async (interaction, action, interviewId, ctx) => {
  if (action === 'delete-cancel') {
    await interaction.update({ content: 'Nothing was deleted.', components: [] });
    return;
  }
  // Acknowledged first: the checks and the delete are store round trips (Discord allows 3 s).
  await interaction.deferUpdate();
  await loadVisibleInterview(interaction, interviewId, ctx);
  if (ctx.coordinator.runningById(interaction.guildId, interviewId)) {
    throw new UserError('still_running', 'This interview is still running. Stop it with `/interview stop` first.');
  }
  // The messages first (their ids are in the store), then the rows (the message ids go with them).
  const log = ctx.logger.child({ guildId: interaction.guildId, interviewId });
  const messages = await removeInterviewMessages({ store: ctx.store, guildId: interaction.guildId, interviewId, deleteMessage: clientMessageDeleter(interaction.client), logger: log });
  const deleted = await ctx.store.deleteInterview(interaction.guildId, interviewId);
  await interaction.editReply({
    content: deleted ? deletedReply(interaction.guildId, interviewId, messages) : 'It was already deleted.',
    components: [],
    allowedMentions: { parse: [] },
  });
};

/** At most this many links to messages left behind (the reply holds 2000 characters). */
const MAX_LINKS = 10;

/** What the confirmation says was removed, and which messages are left to delete by hand. */
export function deletedReply(guildId: string, interviewId: string, { removed, failed }: RemovedMessages): string {
  const posted = removed === 0 ? '' : `, with the ${removed} message${removed === 1 ? '' : 's'} I had posted for it (question cards, notices, results and transcript)`;
  const done = `Interview \`${interviewId}\` and its answers were deleted${posted}.`;
  if (failed.length === 0) return done;
  const links = failed.slice(0, MAX_LINKS).map((m) => `https://discord.com/channels/${guildId}/${m.channelId}/${m.messageId}`);
  const more = failed.length > MAX_LINKS ? ` (and ${failed.length - MAX_LINKS} more)` : '';
  return `${done}\n⚠️ ${failed.length} message${failed.length === 1 ? '' : 's'} could not be removed; please delete ${failed.length === 1 ? 'it' : 'them'} by hand: ${links.join(' ')}${more}`;
}
