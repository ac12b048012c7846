import { MessageFlags } from 'discord-api-types/v10';
import type { InteractionReplyOptions } from 'discord.js';
import { buildRubricEmbed } from '../../bot/embeds/rubricEmbed.ts';
import { MAX_RUBRIC_CRITERIA } from '../../interview/rubric.ts';
import { parseRubricTexts, RUBRIC_TEXT_HELP, RubricTextError } from '../../interview/rubricText.ts';
import type { InterviewType } from '../../interview/types.ts';
import { UserError } from '../../UserError.ts';
import type { ModalHandler } from '../ModalHandler.ts';
import { requireMentor } from './handleRubric.ts';
import { criterionInputId } from './rubricModal.ts';

/** A message holds 2000 characters: what they typed is echoed inline when it fits, else attached. */
const CONTENT_MAX_CHARS = 2000;

/** The reply to a rubric that was not saved: what is wrong, the format, and everything they typed. */
export function rubricMistakeReply(error: RubricTextError, texts: readonly string[]): InteractionReplyOptions {
  const which = `Criterion ${error.index + 1}${error.criterionName ? ` (“${error.criterionName}”)` : ''}`;
  const head = `Nothing was saved. ${which}: ${error.message}\n${RUBRIC_TEXT_HELP}\nHere is what you typed, to copy into \`/interview rubric action:edit\` again:`;
  const typed = texts.map((t, i) => `--- criterion ${i + 1} ---\n${t}`).join('\n');
  const inline = `${head}\n\`\`\`\n${typed}\n\`\`\``;
  if (!typed.includes('```') && inline.length <= CONTENT_MAX_CHARS) {
    return { content: inline, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };
  }
  return {
    content: `${head} (attached, it is too long for a message)`,
    files: [{ attachment: Buffer.from(typed, 'utf8'), name: 'rubric-draft.txt' }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  };
}

const isType = (id: string): id is InterviewType => id === 'technical' || id === 'hr';

/**
 * The rubric edit modal's submit: parses each input (name, then `2:`, `5:`, `9:` lines; empty
 * removes the criterion) and saves the rubric, or replies with the mistake and what was typed.
 */
export const handleRubricModal: ModalHandler<'rubric-edit'> = async (interaction, _action, id, ctx) => {
  if (!isType(id)) throw new UserError('bad_rubric_type', 'That rubric form is out of date. Run `/interview rubric action:edit` again.');
  await requireMentor(interaction, ctx.store);
  const texts: string[] = [];
  for (let i = 0; i < MAX_RUBRIC_CRITERIA; i++) {
    const field = interaction.fields.fields.get(criterionInputId(i));
    texts.push(field && 'value' in field && typeof field.value === 'string' ? field.value : '');
  }
  let criteria;
  try {
    criteria = parseRubricTexts(texts);
  } catch (error) {
    if (!(error instanceof RubricTextError)) throw error;
    await interaction.reply(rubricMistakeReply(error, texts));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await ctx.store.saveRubric(interaction.guildId, id, criteria);
  await interaction.editReply({
    content: `Saved: the ${id === 'hr' ? 'HR' : 'technical'} rubric now has ${criteria.length} criteri${criteria.length === 1 ? 'on' : 'a'}; interviews starting from now use it.`,
    embeds: [buildRubricEmbed(id, criteria, true)],
    allowedMentions: { parse: [] },
  });
};
