import { MessageFlags } from 'discord-api-types/v10';
import type { Interaction } from 'discord.js';

/**
 * A private one-line answer to an interaction the bot cannot handle now (starting up, shutting
 * down), outside the router; never throws.
 */
export async function refuseBriefly(interaction: Interaction, content: string): Promise<void> {
  if (interaction.isRepliable()) {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral }).catch(() => undefined);
  }
}
