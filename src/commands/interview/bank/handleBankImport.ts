import { MessageFlags } from 'discord-api-types/v10';
import { parseBankLines } from '../../../interview/bank/parseBankLines.ts';
import { readBankFile } from '../../../interview/bank/readBankFile.ts';
import type { BankHandler } from './bankArgs.ts';
import { bankAddedReply } from './bankAddedReply.ts';

/**
 * `/interview bank import file [job_title] [type]`: a .txt file, one question per line. The
 * reply says how many were added and why the others were skipped.
 */
export const handleBankImport: BankHandler<'import'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { url, size, name, contentType } = args.file;
  const text = await readBankFile({ url, size, name, contentType }, { fetch: ctx.fetch ?? fetch });
  const parsed = parseBankLines(text);
  const jobTitle = args.job_title?.trim() || null;
  const type = args.type ?? null;
  const added = parsed.texts.length === 0 ? 0 : await ctx.store.addBankQuestions({ guildId: interaction.guildId, jobTitle, type, texts: parsed.texts, createdBy: interaction.user.id });
  await interaction.editReply({ content: bankAddedReply(parsed, added, { jobTitle, type }), allowedMentions: { parse: [] } });
};
