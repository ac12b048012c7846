import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { parseCustomId } from '../bot/customId.ts';
import { UserError } from '../UserError.ts';
import type { ButtonAction, ButtonHandler } from './ButtonHandler.ts';
import type { CommandContext } from './CommandContext.ts';
import { errorBoundary } from '../bot/errorBoundary.ts';
import { interactionTable, type InteractionTable } from './interactionTable.ts';

/** One interaction matched to its handler: what to log about it, and how to run it. */
interface Route {
  what: Record<string, unknown>;
  run(ctx: CommandContext): Promise<void>;
}

/**
 * Entry point for every interaction: looks its handler up in `table` (slash subcommands by
 * command and subcommand name, `hotseat:` buttons by action) and runs it inside the one
 * {@link errorBoundary}. Interactions with no entry are not ours and are ignored. Resolves when
 * handled; never throws.
 *
 * Layers: commands/ sits above bot/. Handlers use the Discord adapter's helpers (embeds, custom
 * ids, the coordinator) and the engine; nothing in bot/ imports commands/ (.dependency-cruiser.cjs).
 */
export async function routeInteraction(interaction: Interaction, ctx: CommandContext, table: InteractionTable = interactionTable): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
  const route = interaction.isChatInputCommand() ? commandRoute(interaction, table) : buttonRoute(interaction, table);
  if (!route) return;
  await errorBoundary(interaction, ctx.logger, route.what, () => route.run(ctx));
}

function commandRoute(interaction: ChatInputCommandInteraction, table: InteractionTable): Route | null {
  const subcommands = table.commands[interaction.commandName];
  if (!subcommands) return null;
  const name = interaction.options.getSubcommand(false) ?? '';
  return {
    what: { guildId: interaction.guildId, userId: interaction.user.id, command: `${interaction.commandName} ${name}`.trim() },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) {
        throw new UserError('guild_only', 'Hotseat works inside a server: use `/interview` in a server channel where I am a member.');
      }
      const handler = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
      if (!handler) throw new Error(`unknown subcommand ${interaction.commandName} ${name}`);
      await handler(interaction, ctx);
    },
  };
}

function buttonRoute(interaction: ButtonInteraction, table: InteractionTable): Route | null {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) return null;
  const id = parsed.kind === 'live' ? parsed.interviewId : parsed.id;
  return {
    what: { guildId: interaction.guildId, userId: interaction.user.id, button: interaction.customId },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) throw new UserError('guild_only', 'This button only works inside a server.');
      await buttonHandler(table, parsed.action)(interaction, parsed.action, id, ctx);
    },
  };
}

/** The table's handler for `action`, typed for it. */
function buttonHandler<A extends ButtonAction>(table: InteractionTable, action: A): ButtonHandler<A> {
  return table.buttons[action];
}
