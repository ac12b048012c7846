import type { LiveButtonAction } from '../../bot/InterviewRunner.ts';
import { resolveMentor } from '../../bot/resolveMentor.ts';
import { UserError } from '../../UserError.ts';
import type { ButtonHandler } from '../ButtonHandler.ts';

/**
 * The buttons of a running interview's question card (repeat, done, skip, end): the candidate's,
 * or a mentor's; the interview itself decides what each does.
 */
export const handleLiveButton: ButtonHandler<LiveButtonAction> = async (interaction, action, interviewId, ctx) => {
  const runner = ctx.coordinator.runningById(interaction.guildId, interviewId);
  if (!runner) throw new UserError('not_running', 'This interview is no longer running.');
  const mentor = interaction.user.id === runner.candidateUserId ? false : await resolveMentor(interaction, ctx.store);
  if (interaction.user.id !== runner.candidateUserId && !mentor) {
    throw new UserError('not_your_interview', 'Only the candidate (or a mentor) can use these buttons.');
  }
  await interaction.deferUpdate();
  await runner.handleButton(action, interaction.user.id, mentor);
};
