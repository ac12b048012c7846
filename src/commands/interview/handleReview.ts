import { MessageFlags } from 'discord-api-types/v10';
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import { buildReviewMenu, reviewableQuestions } from '../../bot/review/reviewMenu.ts';
import { buildReviewModal, parseQuestionRef } from '../../bot/review/reviewModal.ts';
import { DEFAULT_RUBRICS } from '../../interview/rubric.ts';
import { UserError } from '../../UserError.ts';
import type { ButtonHandler } from '../ButtonHandler.ts';
import type { CommandContext } from '../CommandContext.ts';
import type { SelectHandler } from '../SelectHandler.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { loadReviewable } from './loadReviewable.ts';

const STALE = 'This review menu is out of date. Run `/interview review` again.';

/** `/interview review id` (mentors): the answered questions, one button (or menu option) each to score it. */
export const handleReview: SubcommandHandler<'review'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const details = await loadReviewable(interaction, args.id, ctx);
  if (reviewableQuestions(details).length === 0) {
    throw new UserError('nothing_to_review', 'No question of this interview was answered, so there is nothing to review.');
  }
  const mine = (await ctx.store.listReviews(interaction.guildId, details.interview.id)).filter((r) => r.reviewerUserId === interaction.user.id);
  await interaction.editReply({ ...buildReviewMenu(details, mine), allowedMentions: { parse: [] } });
};

/** A question's button under the review menu: opens the scoring form. */
export const handleReviewButton: ButtonHandler<'review-open'> = async (interaction, _action, id, ctx) => {
  const ref = parseQuestionRef(id);
  if (!ref) throw new UserError('stale_review', STALE);
  await openReviewModal(interaction, ref.interviewId, ref.number, ctx);
};

/** A review menu's select (more than 25 questions): opens the chosen question's scoring form. */
export const handleReviewSelect: SelectHandler<'review-pick'> = async (interaction, _action, id, ctx) => {
  const ref = parseQuestionRef(id);
  const number = Number(interaction.values[0]);
  if (!ref || !Number.isInteger(number)) throw new UserError('stale_review', STALE);
  await openReviewModal(interaction, ref.interviewId, number, ctx);
};

/**
 * Shows the modal (it must be the interaction's first answer, within 3 s: no defer). The checks
 * are made again here: the menu may be old, the member's roles may have changed.
 */
async function openReviewModal(interaction: ButtonInteraction<'cached'> | StringSelectMenuInteraction<'cached'>, interviewId: string, number: number, ctx: CommandContext): Promise<void> {
  const [details, reviews] = await Promise.all([loadReviewable(interaction, interviewId, ctx), ctx.store.listReviews(interaction.guildId, interviewId)]);
  if (!reviewableQuestions(details).some((q) => q.number === number)) throw new UserError('stale_review', STALE);
  const rubric = (await ctx.store.getRubric(interaction.guildId, details.interview.type)) ?? DEFAULT_RUBRICS[details.interview.type];
  const existing = reviews.find((r) => r.number === number && r.reviewerUserId === interaction.user.id) ?? null;
  await interaction.showModal(buildReviewModal({ interviewId, number, rubric, existing }));
}
