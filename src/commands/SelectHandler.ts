import type { StringSelectMenuInteraction } from 'discord.js';
import type { SelectAction } from '../bot/customId.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * A string select menu handler. `id` is the customId's id (for history-open: the member whose
 * menu it is); the chosen values are `interaction.values`. It runs inside the router's one
 * error boundary.
 */
export type SelectHandler<A extends SelectAction = SelectAction> = (
  interaction: StringSelectMenuInteraction<'cached'>,
  action: A,
  id: string,
  ctx: CommandContext,
) => Promise<void>;
