import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './CommandContext.ts';
import type { SubcommandArgs } from './commandArgs.ts';
import type { InterviewCommand } from './interviewCommand.ts';

/** Names of `/interview` subcommands, from the definition. */
export type InterviewSubcommand = (typeof InterviewCommand)['options'][number]['name'];

/** A subcommand handler; its arguments are typed by the command definition. */
export type SubcommandHandler<Name extends InterviewSubcommand> = (
  interaction: ChatInputCommandInteraction<'cached'>,
  args: SubcommandArgs<typeof InterviewCommand, Name>,
  ctx: CommandContext,
) => Promise<void>;
