import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../CommandContext.ts';
import { readArgs, type SubcommandArgs } from '../../commandArgs.ts';
import { BANK_GROUP, type BankGroup, type BankHandler, type BankSubcommand } from './bankArgs.ts';
import { handleBankAdd } from './handleBankAdd.ts';
import { handleBankImport } from './handleBankImport.ts';
import { handleBankList } from './handleBankList.ts';
import { handleBankRemove } from './handleBankRemove.ts';
import { requireBankMentor } from './requireBankMentor.ts';

const handlers: { readonly [N in BankSubcommand]: BankHandler<N> } = {
  add: handleBankAdd,
  import: handleBankImport,
  list: handleBankList,
  remove: handleBankRemove,
};

/**
 * `/interview bank …`: mentors only. Reads the subcommand's options, typed by its definition,
 * and runs its handler.
 */
export async function handleBank(interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext): Promise<void> {
  const name = interaction.options.getSubcommand() as BankSubcommand;
  const definition = BANK_GROUP.options.find((o) => o.name === name);
  if (!definition) throw new Error(`unknown subcommand interview bank ${name}`);
  await requireBankMentor(interaction, ctx);
  await run(name, interaction, ctx, readArgs(interaction.options, definition.options) as unknown as SubcommandArgs<BankGroup, typeof name>);
}

function run<N extends BankSubcommand>(name: N, interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext, args: SubcommandArgs<BankGroup, N>): Promise<void> {
  return (handlers[name] as BankHandler<N>)(interaction, args, ctx);
}
