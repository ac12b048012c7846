import { MessageFlags } from 'discord-api-types/v10';
import type { CommandContext } from '../CommandContext.ts';
import { UserError } from '../../UserError.ts';
import type { ButtonHandler } from '../ButtonHandler.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';

/** Takes the member out of this guild's queue, or says why not. */
export function leaveQueue(guildId: string, userId: string, ctx: CommandContext): string {
  if (ctx.coordinator.leave(guildId, userId)) return 'You left the queue. Run `/interview start` again whenever you like.';
  if (ctx.coordinator.runningIn(guildId)?.candidateUserId === userId) {
    throw new UserError('not_queued', 'Your interview is already running; use `/interview stop` to end it.');
  }
  throw new UserError('not_queued', 'You are not in the interview queue of this server.');
}

/** `/interview queue-leave`. */
export const handleQueueLeave: SubcommandHandler<'queue-leave'> = async (interaction, _args, ctx) => {
  await interaction.reply({ content: leaveQueue(interaction.guildId, interaction.user.id, ctx), flags: MessageFlags.Ephemeral });
};

/** The Leave queue button under a queued candidate's reply (its id is the guild's). */
export const handleQueueLeaveButton: ButtonHandler<'queue-leave'> = async (interaction, _action, _guildId, ctx) => {
  await interaction.update({ content: leaveQueue(interaction.guildId, interaction.user.id, ctx), components: [] });
};
