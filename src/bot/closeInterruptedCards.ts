import type { APIEmbed, Client } from 'discord.js';
import type { Store } from '../interview/Store.ts';
import type { InterviewRecord } from '../interview/types.ts';
import type { Logger } from '../logger.ts';
import { renderInterruptedCard, type CardMessage } from './live/renderQuestionCard.ts';

/** A posted question card as Discord has it now. */
export interface PostedCard {
  embeds: APIEmbed[];
  /** Whether it still has buttons (a live card; a finished one has none). */
  hasButtons: boolean;
  edit(body: CardMessage): Promise<unknown>;
}

/** Reads a posted message; rejects with discord.js's DiscordAPIError (e.g. 10008 when it was deleted). */
export type FetchCard = (channelId: string, messageId: string) => Promise<PostedCard | null>;

/** Discord's code for a message that no longer exists (deleted by someone): nothing to close. */
const UNKNOWN_MESSAGE = 10008;

/**
 * Start-up recovery for one interrupted interview: every recorded question card that still has
 * buttons (left live by the crash) is edited to say the interview ended because of a restart,
 * with no buttons. Cards already finished are left as they are. Never throws: failures are
 * logged (ids and error code only). Returns how many cards were closed.
 */
export async function closeInterruptedCards(opts: { store: Pick<Store, 'listInterviewMessages'>; record: InterviewRecord; fetchCard: FetchCard; logger: Logger }): Promise<number> {
  const { record, logger } = opts;
  let closed = 0;
  try {
    const cards = (await opts.store.listInterviewMessages(record.guildId, record.id)).filter((m) => m.kind === 'question_card');
    for (const m of cards) {
      try {
        const card = await opts.fetchCard(m.channelId, m.messageId);
        const embed = card?.embeds[0];
        if (!card || !embed || !card.hasButtons) continue;
        await card.edit(renderInterruptedCard(embed));
        closed++;
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (code === UNKNOWN_MESSAGE) continue;
        logger.warn({ channelId: m.channelId, messageId: m.messageId, error: { code, status: (err as { status?: unknown } | null)?.status } }, 'could not close a question card');
      }
    }
  } catch (err) {
    logger.warn({ err }, 'could not list the question cards of the interrupted interview');
  }
  return closed;
}

/** {@link FetchCard} through the discord.js client. */
export function clientCardFetcher(client: Client): FetchCard {
  return async (channelId, messageId) => {
    const channel = await client.channels.fetch(channelId);
    if (!channel || !('messages' in channel)) return null;
    const message = await channel.messages.fetch(messageId);
    return {
      embeds: message.embeds.map((e) => e.toJSON()),
      hasButtons: message.components.length > 0,
      edit: (body) => message.edit(body),
    };
  };
}
