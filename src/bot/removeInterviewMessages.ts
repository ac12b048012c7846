import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import type { StoredInterviewMessage } from '../interview/InterviewMessage.ts';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';

/** Deletes one Discord message; rejects with discord.js's DiscordAPIError (its `code`) on failure. */
export type DeleteMessage = (channelId: string, messageId: string) => Promise<void>;

/** What {@link removeInterviewMessages} did. */
export interface RemovedMessages {
  /** Deleted now, or already gone (deleted by someone, or its channel deleted). */
  removed: number;
  /** Still in Discord: deleting them failed for another reason (permissions, outage). */
  failed: StoredInterviewMessage[];
}

/** Discord's answer when the message (or its whole channel) no longer exists: nothing left to remove. */
const GONE_CODES = new Set<unknown>([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel]);

/** The error's Discord code and HTTP status, never its request (which can quote the message). */
function describe(err: unknown): { code: unknown; status: unknown; name: unknown } {
  const e = err as { code?: unknown; status?: unknown; name?: unknown } | null;
  return { code: e?.code, status: e?.status, name: e?.name };
}

/**
 * Deletes from Discord every message recorded for the interview (question cards, notices, the
 * results with the transcript). A message already gone counts as removed; other failures are
 * logged (ids, code and status only) and returned. The rows themselves go with the interview
 * (`deleteInterview`, on delete cascade); this does not touch them.
 */
export async function removeInterviewMessages(opts: {
  store: Pick<Store, 'listInterviewMessages'>;
  guildId: string;
  interviewId: string;
  deleteMessage: DeleteMessage;
  logger: Logger;
}): Promise<RemovedMessages> {
  const messages = await opts.store.listInterviewMessages(opts.guildId, opts.interviewId);
  const failed: StoredInterviewMessage[] = [];
  // One at a time: discord.js queues deletes per channel anyway (rate limits), and it keeps order.
  for (const m of messages) {
    try {
      await opts.deleteMessage(m.channelId, m.messageId);
    } catch (err) {
      const info = describe(err);
      if (GONE_CODES.has(info.code)) continue;
      opts.logger.warn({ guildId: m.guildId, interviewId: m.interviewId, channelId: m.channelId, messageId: m.messageId, kind: m.kind, error: info }, 'could not delete an interview message');
      failed.push(m);
    }
  }
  return { removed: messages.length - failed.length, failed };
}

/** {@link DeleteMessage} through the discord.js client (one DELETE per message; no fetch of the message). */
export function clientMessageDeleter(client: Client): DeleteMessage {
  return async (channelId, messageId) => {
    const channel = await client.channels.fetch(channelId);
    if (!channel || !('messages' in channel)) return;
    await channel.messages.delete(messageId);
  };
}
