import { randomBytes } from 'node:crypto';
import { MessageFlags } from 'discord-api-types/v10';
import type { Logger } from '../logger.ts';
import { UserError } from '../UserError.ts';

/** The parts of a discord.js repliable interaction the boundary uses. */
export interface RepliableLike {
  readonly id: string;
  readonly deferred: boolean;
  readonly replied: boolean;
  /** Set by discord.js once deferred or replied (null before; stays null after deferUpdate). */
  readonly ephemeral: boolean | null;
  reply(options: { content: string; flags: number; allowedMentions: { parse: [] } }): Promise<unknown>;
  editReply(options: { content: string; embeds: []; components: []; files: []; allowedMentions: { parse: [] } }): Promise<unknown>;
  followUp(options: { content: string; flags: number; allowedMentions: { parse: [] } }): Promise<unknown>;
}

/** A short id users can quote; it appears in the log line with the error. */
export function newReferenceId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Runs one interaction's handler; never throws. A {@link UserError} is shown to the user as is
 * (ephemeral); anything else is logged with a reference id and the user sees a short generic
 * reply quoting it. Personal data is never logged: only the error, the ids and the command.
 */
export async function errorBoundary(
  interaction: RepliableLike,
  logger: Logger,
  what: Record<string, unknown>,
  handler: () => Promise<void>,
  makeReferenceId: () => string = newReferenceId,
): Promise<void> {
  try {
    await handler();
  } catch (err) {
    let content: string;
    if (err instanceof UserError) {
      logger.info({ ...what, code: err.code }, 'interaction refused');
      content = err.message;
    } else {
      const referenceId = makeReferenceId();
      logger.error({ ...what, err, referenceId }, 'interaction failed');
      content = `Something went wrong on my side (reference \`${referenceId}\`). Please try again; if it keeps happening, give this reference to the server admins.`;
    }
    await respond(interaction, content).catch((replyErr: unknown) => {
      logger.warn({ ...what, err: replyErr }, 'could not send the error reply');
    });
  }
}

/** Ephemeral reply in whatever state the interaction is in (fresh, deferred or answered). */
async function respond(interaction: RepliableLike, content: string): Promise<void> {
  const allowedMentions = { parse: [] as [] };
  if (interaction.deferred && !interaction.replied && interaction.ephemeral === true) {
    // An ephemeral "thinking…" reply: replace it. (After a button's deferUpdate, editReply
    // would overwrite the card itself, so that case takes a follow-up below.)
    await interaction.editReply({ content, embeds: [], components: [], files: [], allowedMentions });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions });
  }
}
