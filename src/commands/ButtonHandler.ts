import type { ButtonInteraction } from 'discord.js';
import type { BotButtonAction } from '../bot/customId.ts';
import type { LiveButtonAction } from '../bot/InterviewRunner.ts';
import type { CommandContext } from './CommandContext.ts';

/** Every action of a `hotseat:<action>:<id>` button (see bot/customId.ts). */
export type ButtonAction = LiveButtonAction | BotButtonAction;

/**
 * A button handler. `id` is the customId's id: an interview id, or a guild id for
 * `queue-leave`. It runs inside the router's one error boundary.
 */
export type ButtonHandler<A extends ButtonAction = ButtonAction> = (
  interaction: ButtonInteraction<'cached'>,
  action: A,
  id: string,
  ctx: CommandContext,
) => Promise<void>;
