import { resolveMentor, type MentorSource } from '../../../bot/resolveMentor.ts';
import { UserError } from '../../../UserError.ts';
import type { CommandContext } from '../../CommandContext.ts';

/** Refuses members who are not mentors (the configured mentor role, or Manage Server). */
export async function requireBankMentor(source: MentorSource, ctx: CommandContext): Promise<void> {
  if (!(await resolveMentor(source, ctx.store))) {
    throw new UserError('not_mentor', 'Only mentors can manage the question bank: members with the server’s mentor role (see `/interview config`) or the Manage Server permission.');
  }
}
