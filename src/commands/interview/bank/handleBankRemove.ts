import { MessageFlags } from 'discord-api-types/v10';
import type { BankQuestion } from '../../../interview/bank/BankQuestion.ts';
import type { Store } from '../../../interview/Store.ts';
import { UserError } from '../../../UserError.ts';
import type { BankHandler } from './bankArgs.ts';
import { clip, shortId } from './bankArgs.ts';

/** The one question of the guild whose id is `typed` or starts with it (a short id from the list); null if none or several. */
export async function findBankQuestion(store: Store, guildId: string, typed: string): Promise<BankQuestion | null> {
  const needle = typed.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(needle)) return null;
  const found = await store.listBankQuestions({ guildId, text: needle, limit: 2 });
  const matches = found.items.filter((q) => q.id.startsWith(needle));
  return matches.length === 1 ? matches[0]! : null;
}

/** `/interview bank remove id`: the id from the autocomplete, or a short id from `/interview bank list`. */
export const handleBankRemove: BankHandler<'remove'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const question = await findBankQuestion(ctx.store, interaction.guildId, args.id);
  if (!question) {
    throw new UserError('bank_question_not_found', `No question of this server’s bank has the id \`${clip(args.id, 64)}\`. Pick one from the suggestions as you type, or find its id with \`/interview bank list\`.`);
  }
  const removed = await ctx.store.removeBankQuestion(interaction.guildId, question.id);
  await interaction.editReply({
    content: removed ? `Removed \`${shortId(question.id)}\` from the bank: “${clip(question.text, 300)}”` : 'It was already removed.',
    allowedMentions: { parse: [] },
  });
};
