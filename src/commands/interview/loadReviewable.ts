import { resolveMentor, type MentorSource } from '../../bot/resolveMentor.ts';
import type { InterviewDetails } from '../../interview/types.ts';
import { UserError } from '../../UserError.ts';
import type { CommandContext } from '../CommandContext.ts';

/** The refusal for members who are not mentors. */
export const MENTORS_ONLY = 'Only mentors can do this: members with the server’s mentor role (set with `/interview config mentor_role`) or Manage Server.';

/** @throws UserError `not_mentor` unless the member is a mentor in this guild */
export async function requireMentor(interaction: MentorSource, ctx: CommandContext): Promise<void> {
  if (!(await resolveMentor(interaction, ctx.store))) throw new UserError('not_mentor', MENTORS_ONLY);
}

/**
 * An interview of this guild a mentor may review: not their own, and finished.
 * @throws UserError `not_mentor`, `not_found` (also for another guild's id), `own_interview` or `still_running`
 */
export async function loadReviewable(interaction: MentorSource & { user: { id: string } }, interviewId: string, ctx: CommandContext): Promise<InterviewDetails> {
  const id = interviewId.trim();
  const [mentor, details] = await Promise.all([resolveMentor(interaction, ctx.store), ctx.store.getInterview(interaction.guildId, id)]);
  if (!mentor) throw new UserError('not_mentor', MENTORS_ONLY);
  if (!details) throw new UserError('not_found', `There is no interview \`${id.slice(0, 64)}\` in this server. \`/interview history\` lists the ids.`);
  if (details.interview.candidateUserId === interaction.user.id) {
    throw new UserError('own_interview', 'This is your own interview: another mentor has to review it, so that the scores stay independent.');
  }
  if (details.interview.status === 'in_progress') throw new UserError('still_running', 'This interview is still running. Review it once it has ended.');
  return details;
}
