import type { ChatInputCommandInteraction } from 'discord.js';
import type { InterviewType } from '../../../interview/types.ts';
import type { CommandContext } from '../../CommandContext.ts';
import type { SubcommandArgs } from '../../commandArgs.ts';
import { InterviewCommand } from '../../interviewCommand.ts';

/** The `/interview bank` subcommand group's definition. */
export type BankGroup = Extract<(typeof InterviewCommand)['options'][number], { readonly name: 'bank' }>;

/** Names of the `/interview bank …` subcommands, from the definition. */
export type BankSubcommand = BankGroup['options'][number]['name'];

/** A bank subcommand's handler; its arguments are typed by the command definition. */
export type BankHandler<N extends BankSubcommand> = (
  interaction: ChatInputCommandInteraction<'cached'>,
  args: SubcommandArgs<BankGroup, N>,
  ctx: CommandContext,
) => Promise<void>;

/** The group's definition (for reading its subcommands' options). */
export const BANK_GROUP = InterviewCommand.options.find((o): o is BankGroup => o.name === 'bank')!;

/** Where a bank question is asked, as the replies say it: "for Backend Engineer technical interviews". */
export function describeScope(jobTitle: string | null, type: InterviewType | null): string {
  const kind = type === 'technical' ? 'technical ' : type === 'hr' ? 'HR ' : '';
  if (jobTitle) return `for **${clip(jobTitle, 60)}** ${kind}interviews`;
  return kind ? `for every ${kind}interview` : 'for every interview';
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The 8-character id the list shows (the first block of the UUID). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
