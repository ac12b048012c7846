import { MessageFlags } from 'discord-api-types/v10';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';

/** `/interview stop`: the candidate or a mentor ends the running interview; answers are kept. */
export const handleStop: SubcommandHandler<'stop'> = async (interaction, _args, ctx) => {
  // Deferred first: the mentor check reads the store, and stopping saves and leaves voice.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const runner = ctx.coordinator.runningIn(interaction.guildId);
  if (!runner) {
    if (ctx.coordinator.activeUserId(interaction.guildId) !== null) {
      throw new UserError('interview_starting', 'The interview is just starting; try `/interview stop` again in a few seconds.');
    }
    const position = ctx.coordinator.positionOf(interaction.guildId, interaction.user.id);
    throw new UserError(
      'no_interview',
      position !== null
        ? `No interview of yours is running: you are number ${position} in the queue. Use \`/interview queue-leave\` to leave it.`
        : 'No interview is running in this server.',
    );
  }
  if (runner.candidateUserId !== interaction.user.id && !(await resolveMentor(interaction, ctx.store))) {
    const position = ctx.coordinator.positionOf(interaction.guildId, interaction.user.id);
    const queued = position !== null ? ` You are number ${position} in the queue; \`/interview queue-leave\` leaves it.` : '';
    throw new UserError('not_allowed', `Only the candidate or a mentor can stop this interview.${queued}`);
  }
  await runner.stop({ kind: 'user', userId: interaction.user.id });
  await interaction.editReply({
    content: `Interview stopped. The answered questions are saved: \`/interview show id:${runner.interviewId}\`.`,
  });
};
