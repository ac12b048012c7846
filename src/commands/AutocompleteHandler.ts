import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { CommandContext } from './CommandContext.ts';

/**
 * Suggests values for one option as the member types. Returns the choices (the router answers
 * with at most 25, within Discord's 3 s, and with none if this takes too long or fails).
 */
export type AutocompleteHandler = (interaction: AutocompleteInteraction<'cached'>, ctx: CommandContext) => Promise<ApplicationCommandOptionChoiceData[]>;
