import type { CommandContext } from '../CommandContext.ts';
import { resolveMentor, type MentorSource } from '../../bot/resolveMentor.ts';
import type { InterviewDetails } from '../../interview/types.ts';
import { UserError } from '../../UserError.ts';

/**
 * An interview of this guild the member may see or delete: their own, or anyone's for a mentor.
 * @throws UserError `not_found` (also for another guild's id) or `not_allowed`
 */
export async function loadVisibleInterview(
  interaction: MentorSource & { user: { id: string } },
  interviewId: string,
  ctx: CommandContext,
): Promise<{ details: InterviewDetails; mentor: boolean }> {
  const details = await ctx.store.getInterview(interaction.guildId, interviewId.trim());
  if (!details) {
    throw new UserError('not_found', `There is no interview \`${interviewId.trim().slice(0, 64)}\` in this server. \`/interview history\` lists the ids.`);
  }
  const mentor = await resolveMentor(interaction, ctx.store);
  if (details.interview.candidateUserId !== interaction.user.id && !mentor) {
    throw new UserError('not_allowed', 'That is not your interview: only the candidate and mentors can see or delete it.');
  }
  return { details, mentor };
}
