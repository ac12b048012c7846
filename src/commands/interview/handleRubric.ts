import { MessageFlags } from 'discord-api-types/v10';
import { resolveMentor, type MentorSource } from '../../bot/resolveMentor.ts';
import { buildRubricEmbed } from '../../bot/embeds/rubricEmbed.ts';
import type { Store } from '../../interview/Store.ts';
import { DEFAULT_RUBRICS, type RubricCriterion } from '../../interview/rubric.ts';
import type { InterviewType } from '../../interview/types.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { buildRubricModal } from './rubricModal.ts';

/** @throws UserError `not_mentor` unless the member is a mentor in this server. */
export async function requireMentor(source: MentorSource, store: Store): Promise<void> {
  if (!(await resolveMentor(source, store))) {
    throw new UserError('not_mentor', 'Only mentors can view or change the rubric: members with the mentor role (see `/interview config`) or the Manage Server permission.');
  }
}

/** The server's rubric for a type, or the defaults; `own` says which. */
export async function currentRubric(store: Store, guildId: string, type: InterviewType): Promise<{ criteria: readonly RubricCriterion[]; own: boolean }> {
  const own = await store.getRubric(guildId, type);
  return own ? { criteria: own, own: true } : { criteria: DEFAULT_RUBRICS[type], own: false };
}

/**
 * `/interview rubric action type` (mentors only): `view` shows the rubric's criteria with their
 * 2/5/9 anchors, `edit` opens a modal prefilled with them (saved by handleRubricModal), `reset`
 * goes back to the defaults. Replies are ephemeral.
 */
export const handleRubric: SubcommandHandler<'rubric'> = async (interaction, args, ctx) => {
  const { guildId } = interaction;
  const type = args.type;
  await requireMentor(interaction, ctx.store);
  if (args.action === 'edit') {
    // A modal must be the first answer (no deferring): one store read fits in Discord's 3 s.
    const { criteria } = await currentRubric(ctx.store, guildId, type);
    await interaction.showModal(buildRubricModal(type, criteria));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (args.action === 'reset') {
    const had = await ctx.store.resetRubric(guildId, type);
    await interaction.editReply({
      content: had ? `The ${type === 'hr' ? 'HR' : 'technical'} rubric is back to the defaults; interviews starting from now use it.` : `The ${type === 'hr' ? 'HR' : 'technical'} rubric already was the default one; nothing changed.`,
      embeds: [buildRubricEmbed(type, DEFAULT_RUBRICS[type], false)],
      allowedMentions: { parse: [] },
    });
    return;
  }
  const { criteria, own } = await currentRubric(ctx.store, guildId, type);
  await interaction.editReply({ embeds: [buildRubricEmbed(type, criteria, own)], allowedMentions: { parse: [] } });
};
