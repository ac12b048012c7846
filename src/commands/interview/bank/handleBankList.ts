import { MessageFlags } from 'discord-api-types/v10';
import type { BankQuestion } from '../../../interview/bank/BankQuestion.ts';
import type { BankHandler } from './bankArgs.ts';
import { clip, describeScope, shortId } from './bankArgs.ts';

/** Questions per page: 10 lines of at most ~330 characters stay well inside an embed's 4096. */
export const BANK_PAGE_SIZE = 10;
const MAX_DESCRIPTION = 4096;

/** One list line: short id, scope, the question (cut at 250 characters). */
export function bankListLine(q: BankQuestion): string {
  const scope = [q.jobTitle && clip(q.jobTitle, 40), q.type === 'hr' ? 'HR' : q.type].filter(Boolean).join(' · ') || 'any interview';
  return `\`${shortId(q.id)}\` *${scope}* — ${clip(q.text, 250)}`;
}

/** `/interview bank list [job_title] [type] [page]`: one page of the bank, oldest first, with short ids. */
export const handleBankList: BankHandler<'list'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const jobTitle = args.job_title?.trim() || undefined;
  const type = args.type;
  const page = args.page ?? 1;
  const found = await ctx.store.listBankQuestions({
    guildId: interaction.guildId, ...(jobTitle ? { jobTitle } : {}), ...(type ? { type } : {}), limit: BANK_PAGE_SIZE, offset: (page - 1) * BANK_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(found.total / BANK_PAGE_SIZE));
  const filtered = jobTitle !== undefined || type !== undefined;
  if (found.total === 0) {
    const where = filtered ? ` ${describeScope(jobTitle ?? null, type ?? null).replace(/^for every/, 'for')}` : '';
    await interaction.editReply({ content: `The server’s bank has no questions${where} yet. Mentors add some with \`/interview bank add\` or \`/interview bank import\`.`, allowedMentions: { parse: [] } });
    return;
  }
  if (found.items.length === 0) {
    await interaction.editReply({ content: `There are only ${pages} page${pages === 1 ? '' : 's'} (${found.total} questions): try \`page:${pages}\`.`, allowedMentions: { parse: [] } });
    return;
  }
  let description = found.items.map(bankListLine).join('\n');
  if (description.length > MAX_DESCRIPTION) description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
  await interaction.editReply({
    embeds: [{
      title: filtered ? `Question bank ${clip(describeScope(jobTitle ?? null, type ?? null).replace(/\*\*/g, ''), 200)}` : 'Question bank',
      description,
      footer: { text: `Page ${page} of ${pages} · ${found.total} question${found.total === 1 ? '' : 's'}${page < pages ? ` · next: /interview bank list page:${page + 1}` : ''} · remove one with /interview bank remove` },
    }],
    allowedMentions: { parse: [] },
  });
};
