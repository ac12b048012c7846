import { ModalBuilder, TextInputBuilder, TextInputStyle, ActionRowBuilder } from 'discord.js';
import { buildCustomId } from '../../bot/customId.ts';
import { MAX_RUBRIC_CRITERIA, type RubricCriterion } from '../../interview/rubric.ts';
import { printCriterion } from '../../interview/rubricText.ts';
import type { InterviewType } from '../../interview/types.ts';

/** The modal's input for criterion `index` (0-based). */
export const criterionInputId = (index: number): string => `criterion_${index + 1}`;

/** One criterion's text: a name (≤ 45) and three anchors (≤ 300 each) fit with room for mistakes. */
const INPUT_MAX_CHARS = 1500;
/** Discord's limits: modal title and input label 45 characters, placeholder 100. */
const LABEL_MAX_CHARS = 45;
const PLACEHOLDER = 'Name\n2: what a weak answer does\n5: an adequate one\n9: an excellent one';

const label = (index: number, c: RubricCriterion | undefined): string => {
  const text = c ? `${index + 1}. ${c.name}` : `${index + 1}. New criterion (optional)`;
  return text.length <= LABEL_MAX_CHARS ? text : `${text.slice(0, LABEL_MAX_CHARS - 1)}…`;
};

/**
 * The edit modal for a rubric: one paragraph input per criterion (five, Discord's maximum),
 * prefilled with the current ones; the rest are empty for new criteria. Emptying an input
 * removes its criterion. Its customId carries the interview type.
 */
export function buildRubricModal(type: InterviewType, criteria: readonly RubricCriterion[]): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(buildCustomId('rubric-edit', type)).setTitle(type === 'hr' ? 'Edit the HR rubric' : 'Edit the technical rubric');
  for (let i = 0; i < MAX_RUBRIC_CRITERIA; i++) {
    const c = criteria[i];
    const input = new TextInputBuilder().setCustomId(criterionInputId(i)).setLabel(label(i, c)).setStyle(TextInputStyle.Paragraph)
      .setRequired(false).setMaxLength(INPUT_MAX_CHARS).setPlaceholder(PLACEHOLDER);
    if (c) input.setValue(printCriterion(c).slice(0, INPUT_MAX_CHARS));
    modal.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  }
  return modal;
}
