import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, ModalSubmitInteraction, StringSelectMenuInteraction } from 'discord.js';
import { parseCustomId, type ModalAction, type SelectAction } from '../bot/customId.ts';
import { UserError } from '../UserError.ts';
import { answerAutocomplete } from './answerAutocomplete.ts';
import type { ButtonAction, ButtonHandler } from './ButtonHandler.ts';
import type { CommandContext } from './CommandContext.ts';
import { errorBoundary } from '../bot/errorBoundary.ts';
import { interactionTable, type InteractionTable } from './interactionTable.ts';
import type { ModalHandler } from './ModalHandler.ts';
import type { SelectHandler } from './SelectHandler.ts';

/** One interaction matched to its handler: what to log about it, and how to run it. */
interface Route {
  what: Record<string, unknown>;
  run(ctx: CommandContext): Promise<void>;
}

/** `record[key]` when it is the record's own entry (never a prototype property). */
const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined => (record && Object.hasOwn(record, key) ? record[key] : undefined);

/**
 * Entry point for every interaction: looks its handler up in `table` (slash subcommands by
 * command and subcommand name, `hotseat:` buttons, select menus and modal submits by action, autocomplete by
 * command, subcommand and focused option) and runs it inside the one {@link errorBoundary}
 * (autocomplete, which cannot show an error, inside {@link answerAutocomplete}). Interactions
 * with no entry are not ours and are ignored. Resolves when handled; never throws.
 *
 * Layers: commands/ sits above bot/. Handlers use the Discord adapter's helpers (embeds, custom
 * ids, the coordinator) and the engine; nothing in bot/ imports commands/ (.dependency-cruiser.cjs).
 */
export async function routeInteraction(interaction: Interaction, ctx: CommandContext, table: InteractionTable = interactionTable): Promise<void> {
  if (interaction.isAutocomplete()) {
    await autocompleteRoute(interaction, ctx, table);
    return;
  }
  const route = interaction.isChatInputCommand()
    ? commandRoute(interaction, table)
    : interaction.isButton()
      ? buttonRoute(interaction, table)
      : interaction.isStringSelectMenu()
        ? selectRoute(interaction, table)
        : interaction.isModalSubmit()
          ? modalRoute(interaction, table)
          : null;
  if (!route) return;
  await errorBoundary(interaction as ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, ctx.logger, route.what, () => route.run(ctx));
}

function commandRoute(interaction: ChatInputCommandInteraction, table: InteractionTable): Route | null {
  const subcommands = own(table.commands, interaction.commandName);
  if (!subcommands) return null;
  // A subcommand group (`/interview bank add`) has one entry, which dispatches its subcommands itself.
  const group = interaction.options.getSubcommandGroup(false);
  const name = group ?? interaction.options.getSubcommand(false) ?? '';
  const full = group ? `${group} ${interaction.options.getSubcommand(false) ?? ''}` : name;
  return {
    what: { guildId: interaction.guildId, userId: interaction.user.id, command: `${interaction.commandName} ${full}`.trim() },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) {
        throw new UserError('guild_only', 'Hotseat works inside a server: use `/interview` in a server channel where I am a member.');
      }
      const handler = own(subcommands, name);
      if (!handler) throw new Error(`unknown subcommand ${interaction.commandName} ${name}`);
      await handler(interaction, ctx);
    },
  };
}

function buttonRoute(interaction: ButtonInteraction, table: InteractionTable): Route | null {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed || parsed.kind === 'select' || parsed.kind === 'modal') return null;
  const id = parsed.kind === 'live' ? parsed.interviewId : parsed.id;
  return {
    what: { guildId: interaction.guildId, userId: interaction.user.id, button: interaction.customId },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) throw new UserError('guild_only', 'This button only works inside a server.');
      await buttonHandler(table, parsed.action)(interaction, parsed.action, id, ctx);
    },
  };
}

function selectRoute(interaction: StringSelectMenuInteraction, table: InteractionTable): Route | null {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed || parsed.kind !== 'select') return null;
  return {
    // The chosen values are interview ids: not logged (the customId is ours and holds only user ids).
    what: { guildId: interaction.guildId, userId: interaction.user.id, select: interaction.customId },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) throw new UserError('guild_only', 'This menu only works inside a server.');
      await selectHandler(table, parsed.action)(interaction, parsed.action, parsed.id, ctx);
    },
  };
}

function modalRoute(interaction: ModalSubmitInteraction, table: InteractionTable): Route | null {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed || parsed.kind !== 'modal') return null;
  return {
    // What was typed is personal (notes, scores): never logged.
    what: { guildId: interaction.guildId, userId: interaction.user.id, modal: interaction.customId },
    run: async (ctx) => {
      if (!interaction.inCachedGuild()) throw new UserError('guild_only', 'This form only works inside a server.');
      await modalHandler(table, parsed.action)(interaction, parsed.action, parsed.id, ctx);
    },
  };
}

async function autocompleteRoute(interaction: AutocompleteInteraction, ctx: CommandContext, table: InteractionTable): Promise<void> {
  const subcommand = interaction.options.getSubcommand(false) ?? '';
  const option = interaction.options.getFocused(true).name;
  const handler = own(own(own(table.autocomplete, interaction.commandName), subcommand), option);
  if (!handler) return;
  const what = { guildId: interaction.guildId, userId: interaction.user.id, command: `${interaction.commandName} ${subcommand}`.trim(), option };
  if (!interaction.inCachedGuild()) {
    await interaction.respond([]).catch((err: unknown) => ctx.logger.warn({ ...what, err }, 'could not answer autocomplete'));
    return;
  }
  await answerAutocomplete(interaction, handler, ctx, what);
}

/** The table's handler for `action`, typed for it. */
function buttonHandler<A extends ButtonAction>(table: InteractionTable, action: A): ButtonHandler<A> {
  return table.buttons[action];
}

function modalHandler<A extends ModalAction>(table: InteractionTable, action: A): ModalHandler<A> {
  return table.modals[action];
}

function selectHandler<A extends SelectAction>(table: InteractionTable, action: A): SelectHandler<A> {
  return table.selects[action];
}
