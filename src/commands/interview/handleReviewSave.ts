import { MessageFlags } from 'discord-api-types/v10';
import type { ModalSubmitInteraction } from 'discord.js';
import { formatScore, interviewTitle, truncate } from '../../bot/embeds/format.ts';
import { notifyReviewed } from '../../bot/review/notifyReviewed.ts';
import { parseScoreInputs, parseScoreLines, type ParsedScores } from '../../bot/review/parseReviewScores.ts';
import { parseQuestionRef, REVIEW_INPUT } from '../../bot/review/reviewModal.ts';
import { buildReviewMenu, reviewableQuestions } from '../../bot/review/reviewMenu.ts';
import { MAX_REVIEW_NOTE_CHARS, reviewScore } from '../../interview/review.ts';
import { DEFAULT_RUBRICS, type RubricCriterion } from '../../interview/rubric.ts';
import { UserError } from '../../UserError.ts';
import type { ModalHandler } from '../ModalHandler.ts';
import { loadReviewable } from './loadReviewable.ts';

/** A text input's submitted value, or undefined when the modal had no such input. */
function field(interaction: ModalSubmitInteraction, id: string): string | undefined {
  const f = interaction.fields.fields.get(id);
  return f && 'value' in f && typeof f.value === 'string' ? f.value : undefined;
}

/** What was typed, in code blocks the mentor can copy back into the form. */
export function echoTyped(scores: string, note: string): string {
  const block = (text: string): string => `\`\`\`\n${text.replace(/```/g, "'''") || ' '}\n\`\`\``;
  return `What you typed (nothing is lost: copy it back into the form):\n**Scores**\n${block(scores)}${note.trim() ? `\n**Note**\n${block(note)}` : ''}`;
}

/** The scores as typed: the Scores paragraph, or one `Name: value` line per criterion input. */
function typedScores(interaction: ModalSubmitInteraction, rubric: readonly RubricCriterion[]): { text: string; parsed: ParsedScores } {
  const paragraph = field(interaction, REVIEW_INPUT.scores);
  if (paragraph !== undefined) return { text: paragraph, parsed: parseScoreLines(paragraph, rubric) };
  const value = (key: string): string | undefined => field(interaction, REVIEW_INPUT.score(key));
  const text = rubric.map((c) => `${c.name}: ${value(c.key) ?? ''}`).join('\n');
  return { text, parsed: parseScoreInputs(value, rubric) };
}

/**
 * The review form's submit: reads the scores strictly (a bad line is named, and what was typed
 * is echoed back so nothing is lost), saves the review (replacing the mentor's earlier one) and,
 * on the mentor's first review of this interview, tells the candidate in the interview's channel.
 */
export const handleReviewSave: ModalHandler<'review-save'> = async (interaction, _action, id, ctx) => {
  const ref = parseQuestionRef(id);
  if (!ref) throw new UserError('stale_review', 'This form is out of date. Run `/interview review` again.');
  // From the review menu (always, in practice): its ✓ marks are refreshed and the answer is a
  // private follow-up (errors too: the boundary follows up after a deferUpdate).
  const fromMenu = interaction.isFromMessage();
  if (fromMenu) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const details = await loadReviewable(interaction, ref.interviewId, ctx);
  const { interview } = details;
  const question = reviewableQuestions(details).find((q) => q.number === ref.number);
  if (!question) throw new UserError('stale_review', `Question ${ref.number} of this interview cannot be reviewed any more. Run \`/interview review\` again.`);
  const rubric = (await ctx.store.getRubric(interaction.guildId, interview.type)) ?? DEFAULT_RUBRICS[interview.type];
  const note = field(interaction, REVIEW_INPUT.note) ?? '';
  const { text, parsed } = typedScores(interaction, rubric);
  const problem = !parsed.ok ? parsed.problem : [...note].length > MAX_REVIEW_NOTE_CHARS ? `The note is longer than ${MAX_REVIEW_NOTE_CHARS} characters; shorten it.` : null;
  if (problem || !parsed.ok) {
    throw new UserError('bad_review', truncate(`⚠️ ${problem} Nothing was saved.\n${echoTyped(text, note)}`, 2000));
  }
  const saved = await ctx.store.saveReview({ guildId: interaction.guildId, interviewId: interview.id, number: ref.number, reviewerUserId: interaction.user.id, criteria: parsed.criteria, note: note.trim() });
  if (!saved) throw new UserError('not_found', 'This interview was deleted meanwhile: nothing was saved.');
  const told = saved.firstForInterview ? await notifyReviewed(interaction.client, ctx.store, interview, ctx.logger) : false;
  const mean = Math.round(reviewScore(parsed.criteria) * 10) / 10;
  const scores = parsed.criteria.map((c) => `${c.name} ${formatScore(c.score)}`).join(' · ');
  const tellLine = saved.firstForInterview
    ? told ? `${interview.candidateName} was told in <#${interview.textChannelId}> that a mentor reviewed the interview (once: your further reviews of it are not announced).` : 'The candidate could not be told in the interview’s channel; let them know yourself.'
    : '';
  const content = truncate([
    `${saved.replaced ? 'Updated' : 'Saved'} your review of question ${ref.number} of **${truncate(interviewTitle(interview), 80)}** (${truncate(interview.candidateName, 40)}): ${scores} → **${formatScore(mean)}** (AI: ${formatScore(question.score)}).`,
    tellLine,
  ].filter(Boolean).join('\n'), 2000);
  if (!fromMenu) {
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
    return;
  }
  const mine = (await ctx.store.listReviews(interaction.guildId, interview.id)).filter((r) => r.reviewerUserId === interaction.user.id);
  await interaction.editReply({ ...buildReviewMenu(details, mine), allowedMentions: { parse: [] } }).catch((err: unknown) => {
    // The mentor may have dismissed the menu: the review is saved all the same.
    ctx.logger.info({ guildId: interaction.guildId, interviewId: interview.id, code: (err as { code?: unknown } | null)?.code }, 'could not refresh the review menu');
  });
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
};
