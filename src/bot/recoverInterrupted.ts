import type { Client } from 'discord.js';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';
import { clientCardFetcher, closeInterruptedCards } from './closeInterruptedCards.ts';
import { interviewTitle } from './embeds/format.ts';

/**
 * Start-up recovery: interviews of this shard's guilds still `in_progress` were cut off by a
 * crash or restart. Marks them `interrupted` (their answered questions stay), closes their
 * question cards left live (no buttons, "ended (interrupted by a restart)") and tells each
 * candidate in the interview's text channel (that message is recorded with the interview). `onMarked` runs once the rows are marked (new
 * interviews may start from then on), before the candidates are told. Returns how many were marked.
 */
export async function recoverInterrupted(client: Client<true>, store: Store, logger: Logger, onMarked: () => void = () => undefined): Promise<number> {
  const guildIds = [...client.guilds.cache.keys()];
  // An empty list would mean "every guild" to the store: other shards' interviews are not ours.
  const interrupted = guildIds.length === 0 ? [] : await store.markInterrupted(guildIds);
  onMarked();
  for (const record of interrupted) {
    const log = logger.child({ guildId: record.guildId, interviewId: record.id });
    log.info('interview marked interrupted after a restart');
    const closed = await closeInterruptedCards({ store, record, fetchCard: clientCardFetcher(client), logger: log });
    if (closed > 0) log.info({ cards: closed }, 'closed the question cards left live');
    if (!record.textChannelId) continue;
    try {
      const details = await store.getInterview(record.guildId, record.id);
      const answered = details?.questions.filter((q) => q.answerStatus === 'answered').length ?? 0;
      const channel = await client.channels.fetch(record.textChannelId);
      if (!channel?.isSendable()) continue;
      const told = await channel.send({
        content:
          `<@${record.candidateUserId}>, your interview **${interviewTitle(record)}** (id \`${record.id}\`) was interrupted because I restarted. ` +
          `${answered === 0 ? 'No answers had been recorded yet.' : `Your ${answered} answered question${answered === 1 ? ' is' : 's are'} kept: see them with \`/interview show id:${record.id}\`.`} ` +
          'Run `/interview start` to begin a new interview.',
        allowedMentions: { users: [record.candidateUserId] },
      });
      const posted = { guildId: record.guildId, interviewId: record.id, channelId: told.channelId, messageId: told.id, kind: 'notice' as const };
      await store.recordInterviewMessage(posted).catch((err: unknown) => log.warn({ err }, 'could not record a posted message'));
    } catch (err) {
      log.warn({ err }, 'could not tell the candidate about the interrupted interview');
    }
  }
  return interrupted.length;
}
