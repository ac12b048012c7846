import type { Client } from 'discord.js';
import type { Store } from '../../interview/Store.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';
import { discordTime, interviewTitle, truncate } from '../embeds/format.ts';

/** The error's code, HTTP status and name, never its request (which quotes the message). */
function describe(err: unknown): { code: unknown; status: unknown; name: unknown } {
  const e = err as { code?: unknown; status?: unknown; name?: unknown } | null;
  return { code: e?.code, status: e?.status, name: e?.name };
}

/** The channel message telling the candidate a mentor reviewed their interview (no scores: the channel is shared). */
export function reviewedNotice(interview: InterviewRecord): string {
  return `<@${interview.candidateUserId}> A mentor reviewed your interview **${truncate(interviewTitle(interview), 100)}** (${discordTime(interview.startedAt, 'd')}) — use \`/interview show ${interview.id}\` to see their scores and notes.`;
}

/**
 * Tells the candidate in the interview's text channel, mentioning only them, and records the
 * message so `/interview delete` removes it. Returns false (and logs ids only) when the
 * interview has no channel or posting failed; never throws.
 */
export async function notifyReviewed(client: Client, store: Pick<Store, 'recordInterviewMessage'>, interview: InterviewRecord, logger: Logger): Promise<boolean> {
  if (!interview.textChannelId) return false;
  const log = logger.child({ guildId: interview.guildId, interviewId: interview.id, channelId: interview.textChannelId });
  try {
    const channel = await client.channels.fetch(interview.textChannelId);
    if (!channel?.isSendable()) return false;
    const message = await channel.send({ content: reviewedNotice(interview), allowedMentions: { users: [interview.candidateUserId] } });
    await store
      .recordInterviewMessage({ guildId: interview.guildId, interviewId: interview.id, channelId: message.channelId, messageId: message.id, kind: 'notice' })
      .catch((err: unknown) => log.warn({ error: describe(err) }, 'could not record the review notice'));
    return true;
  } catch (err) {
    log.warn({ error: describe(err) }, 'could not tell the candidate about a review');
    return false;
  }
}
