import { MessageFlags } from 'discord-api-types/v10';
import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { readArgs, type SubcommandArgs } from '../commands/commandArgs.ts';
import { handleConfig } from '../commands/interview/handleConfig.ts';
import { handleDelete, handleDeleteButton } from '../commands/interview/handleDelete.ts';
import { handleHistory } from '../commands/interview/handleHistory.ts';
import { handleQueueLeave, leaveQueue } from '../commands/interview/handleQueueLeave.ts';
import { handleShow } from '../commands/interview/handleShow.ts';
import { handleStart } from '../commands/interview/handleStart.ts';
import { handleStop } from '../commands/interview/handleStop.ts';
import { InterviewCommand } from '../commands/interviewCommand.ts';
import type { InterviewSubcommand } from '../commands/SubcommandHandler.ts';
import { UserError } from '../UserError.ts';
import type { BotContext } from './BotContext.ts';
import { parseCustomId } from './customId.ts';
import { errorBoundary } from './errorBoundary.ts';
import { resolveMentor } from './resolveMentor.ts';

/**
 * Entry point for every interaction: `/interview` subcommands and `hotseat:` buttons, each run
 * inside the one {@link errorBoundary}. Resolves when handled; never throws.
 */
export async function routeInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName !== InterviewCommand.name) return;
    const what = { guildId: interaction.guildId, userId: interaction.user.id, command: `${interaction.commandName} ${interaction.options.getSubcommand(false) ?? ''}`.trim() };
    await errorBoundary(interaction, ctx.logger, what, () => runCommand(interaction, ctx));
    return;
  }
  if (interaction.isButton()) {
    const parsed = parseCustomId(interaction.customId);
    if (!parsed) return;
    const what = { guildId: interaction.guildId, userId: interaction.user.id, button: interaction.customId };
    await errorBoundary(interaction, ctx.logger, what, () => runButton(interaction, parsed, ctx));
  }
}

async function runCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) {
    throw new UserError('guild_only', 'Hotseat works inside a server: use `/interview` in a server channel where I am a member.');
  }
  const name = interaction.options.getSubcommand(true) as InterviewSubcommand;
  const args = <N extends InterviewSubcommand>(n: N) => argsOf(interaction.options, n);
  switch (name) {
    case 'start':
      return handleStart(interaction, args('start'), ctx);
    case 'stop':
      return handleStop(interaction, args('stop'), ctx);
    case 'history':
      return handleHistory(interaction, args('history'), ctx);
    case 'show':
      return handleShow(interaction, args('show'), ctx);
    case 'delete':
      return handleDelete(interaction, args('delete'), ctx);
    case 'config':
      return handleConfig(interaction, args('config'), ctx);
    case 'queue-leave':
      return handleQueueLeave(interaction, args('queue-leave'), ctx);
    default:
      throw new Error(`unknown subcommand ${String(name)}`);
  }
}

/** Reads a subcommand's options, typed by its definition. */
function argsOf<N extends InterviewSubcommand>(resolver: Parameters<typeof readArgs>[0], name: N): SubcommandArgs<typeof InterviewCommand, N> {
  const definition = InterviewCommand.options.find((o) => o.name === name);
  const options = definition && 'options' in definition ? definition.options : undefined;
  // readArgs returns exactly these options' types; TypeScript cannot narrow the union by `name`.
  return readArgs(resolver, options) as unknown as SubcommandArgs<typeof InterviewCommand, N>;
}

async function runButton(interaction: ButtonInteraction, parsed: NonNullable<ReturnType<typeof parseCustomId>>, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) throw new UserError('guild_only', 'This button only works inside a server.');
  if (parsed.kind === 'live') {
    const runner = ctx.coordinator.runningById(interaction.guildId, parsed.interviewId);
    if (!runner) throw new UserError('not_running', 'This interview is no longer running.');
    const mentor = interaction.user.id === runner.candidateUserId ? false : await resolveMentor(interaction, ctx.store);
    if (interaction.user.id !== runner.candidateUserId && !mentor) {
      throw new UserError('not_your_interview', 'Only the candidate (or a mentor) can use these buttons.');
    }
    await interaction.deferUpdate();
    await runner.handleButton(parsed.action, interaction.user.id, mentor);
    return;
  }
  switch (parsed.action) {
    case 'queue-leave':
      await interaction.update({ content: leaveQueue(interaction.guildId, interaction.user.id, ctx), components: [] });
      return;
    case 'delete-confirm':
    case 'delete-cancel':
      await handleDeleteButton(interaction, parsed.action === 'delete-confirm', parsed.id, ctx);
      return;
  }
}

/** Used by startBot for interactions that arrive while shutting down. */
export async function refuseWhileShuttingDown(interaction: Interaction): Promise<void> {
  await refuseBriefly(interaction, 'I am restarting right now; please try again in a minute.');
}

/** A private one-line answer to an interaction the bot cannot handle now; never throws. */
export async function refuseBriefly(interaction: Interaction, content: string): Promise<void> {
  if (interaction.isRepliable()) {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral }).catch(() => undefined);
  }
}
