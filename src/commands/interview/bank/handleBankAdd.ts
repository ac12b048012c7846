import { ComponentType, MessageFlags, TextInputStyle } from 'discord-api-types/v10';
import { buildCustomId } from '../../../bot/customId.ts';
import { BANK_LIMITS } from '../../../interview/bank/BankQuestion.ts';
import { parseBankLines } from '../../../interview/bank/parseBankLines.ts';
import type { InterviewType } from '../../../interview/types.ts';
import { UserError } from '../../../UserError.ts';
import type { ModalHandler } from '../../ModalHandler.ts';
import type { BankHandler } from './bankArgs.ts';
import { bankAddedReply } from './bankAddedReply.ts';
import { requireBankMentor } from './requireBankMentor.ts';

/** Text input ids of the add modal. */
export const BANK_ADD_INPUTS = { jobTitle: 'job_title', questions: 'questions' } as const;

const TYPE_CODES = { technical: 't', hr: 'h' } as const satisfies Record<InterviewType, string>;

/**
 * `<opener user id>_<t|h|a>`: the type travels in the modal's customId; the job title (up to 100
 * characters, any text) is a prefilled input of the modal itself, so nothing is kept between
 * showing the form and submitting it (a restart in between loses nothing).
 */
export function encodeBankAddState(userId: string, type: InterviewType | null): string {
  return `${userId}_${type ? TYPE_CODES[type] : 'a'}`;
}

/** The state of {@link encodeBankAddState}; null for anything else. */
export function decodeBankAddState(id: string): { userId: string; type: InterviewType | null } | null {
  const m = /^(\d{1,20})_([tha])$/.exec(id);
  if (!m) return null;
  return { userId: m[1]!, type: m[2] === 't' ? 'technical' : m[2] === 'h' ? 'hr' : null };
}

/** `/interview bank add [job_title] [type]`: opens the form (a modal is the first answer: no defer). */
export const handleBankAdd: BankHandler<'add'> = async (interaction, args) => {
  const jobTitle = args.job_title?.trim() ?? '';
  const type = args.type ?? null;
  const title = type === 'technical' ? 'Add technical questions to the bank' : type === 'hr' ? 'Add HR questions to the bank' : 'Add questions to the bank';
  await interaction.showModal({
    custom_id: buildCustomId('bank-add', encodeBankAddState(interaction.user.id, type)),
    title,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{
          type: ComponentType.TextInput, custom_id: BANK_ADD_INPUTS.jobTitle, style: TextInputStyle.Short, label: 'Job title (leave empty for any job)',
          required: false, max_length: BANK_LIMITS.maxJobTitleChars, ...(jobTitle ? { value: jobTitle.slice(0, BANK_LIMITS.maxJobTitleChars) } : {}),
        }],
      },
      {
        type: ComponentType.ActionRow,
        components: [{
          type: ComponentType.TextInput, custom_id: BANK_ADD_INPUTS.questions, style: TextInputStyle.Paragraph, label: 'Questions, one per line',
          required: true, min_length: BANK_LIMITS.minChars, max_length: 4000, placeholder: 'Tell me about a production incident you handled.',
        }],
      },
    ],
  });
};

/** The add form's submit: mentors only (checked again), then the questions are parsed and stored. */
export const handleBankAddModal: ModalHandler<'bank-add'> = async (interaction, _action, id, ctx) => {
  const state = decodeBankAddState(id);
  if (!state || state.userId !== interaction.user.id) throw new UserError('bank_form_stale', 'This form is not yours or is out of date: run `/interview bank add` again.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await requireBankMentor(interaction, ctx);
  const jobTitle = interaction.fields.getTextInputValue(BANK_ADD_INPUTS.jobTitle).trim() || null;
  const parsed = parseBankLines(interaction.fields.getTextInputValue(BANK_ADD_INPUTS.questions));
  const added = await ctx.store.addBankQuestions({ guildId: interaction.guildId, jobTitle, type: state.type, texts: parsed.texts, createdBy: interaction.user.id });
  await interaction.editReply({ content: bankAddedReply(parsed, added, { jobTitle, type: state.type }), allowedMentions: { parse: [] } });
};
