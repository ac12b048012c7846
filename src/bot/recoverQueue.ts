import type { Client } from 'discord.js';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';

/** What a candidate who was waiting when the bot died is told after the restart. */
export function queueLostNotice(userId: string): string {
  return (
    `<@${userId}>, I restarted while you were waiting in the interview queue, so your place was lost. ` +
    'I do not keep resumes, so I cannot start your interview on my own: run `/interview start` again with your resume and job description when you are ready.'
  );
}

/**
 * Start-up recovery of the queue: candidates of this shard's guilds who were waiting when the
 * process died (a clean shutdown tells them and empties the queue itself). The queue cannot
 * resume on its own: the documents it held are never stored. Each candidate is told in the
 * channel where they queued, then their entry is removed (only the entry announced, so one
 * queued again since the restart keeps theirs). An entry whose notice could not be posted is
 * removed too: its channel is gone or closed to the bot, and retrying would never succeed.
 * Returns how many were told.
 */
export async function recoverQueue(client: Client<true>, store: Store, logger: Logger): Promise<number> {
  const guildIds = [...client.guilds.cache.keys()];
  // An empty list would mean "every guild" to the store: other shards' queues are not ours.
  const entries = guildIds.length === 0 ? [] : await store.listQueueEntries(guildIds);
  let told = 0;
  for (const entry of entries) {
    const log = logger.child({ guildId: entry.guildId, userId: entry.userId });
    try {
      const channel = await client.channels.fetch(entry.textChannelId);
      if (channel?.isSendable()) {
        await channel.send({ content: queueLostNotice(entry.userId), allowedMentions: { users: [entry.userId] } });
        told++;
      } else {
        log.warn('cannot post in the channel of a queued candidate after a restart');
      }
    } catch (err) {
      log.warn({ err }, 'could not tell a queued candidate about the restart');
    }
    try {
      await store.removeQueueEntry(entry.guildId, entry.userId, entry.entryId);
    } catch (err) {
      log.warn({ err }, 'could not remove a recovered queue entry');
    }
  }
  return told;
}
