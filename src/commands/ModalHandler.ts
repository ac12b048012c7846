import type { ModalSubmitInteraction } from 'discord.js';
import type { ModalAction } from '../bot/customId.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * A modal submit handler. `id` is the modal customId's id (what the modal is about, e.g. an
 * interview id and question number encoded by its feature); the inputs are
 * `interaction.fields`. It runs inside the router's one error boundary.
 */
export type ModalHandler<A extends ModalAction = ModalAction> = (
  interaction: ModalSubmitInteraction<'cached'>,
  action: A,
  id: string,
  ctx: CommandContext,
) => Promise<void>;
