import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { GuildTextBasedChannel, MessageCreateOptions } from 'discord.js';
import type { Logger } from '../../logger.ts';
import type { InterviewMessages } from './InterviewMessages.ts';

export interface PrivateResultsInput {
  /** The interview's channel: it gets only a short notice, never scores or answers. */
  channel: GuildTextBasedChannel;
  candidateUserId: string;
  interviewId: string;
  /** Also posted there, for mentors (null: nowhere else). */
  mentorsChannelId: string | null;
  /** The results message (intro, embed, transcript file); called once per destination. */
  body: () => MessageCreateOptions;
  messages: InterviewMessages;
  log: Logger;
}

/** What the interview's channel is told; no scores or answers in either. */
export function privateResultsNotice(candidateUserId: string, interviewId: string, dmDelivered: boolean): string {
  return dmDelivered
    ? `<@${candidateUserId}> Results were sent to you privately (check your direct messages).`
    : `<@${candidateUserId}> I couldn’t send your results privately: your direct messages are closed to me. ` +
        `Allow direct messages from this server’s members (Privacy Settings), then use \`/interview show id:${interviewId}\` to see them.`;
}

/**
 * Private results: the results message goes to the candidate by DM and to the mentors' channel
 * if one is set; the interview's channel gets only a notice saying where they went (or, when
 * the DM was refused, how to see them). Each message is recorded (DM and mentors' copy as
 * `results`, so late scores update them and `/interview delete` removes them). A failure at
 * one destination never stops the others.
 */
export async function deliverPrivateResults(input: PrivateResultsInput): Promise<void> {
  const { channel, candidateUserId, messages, log } = input;
  let dmDelivered = false;
  try {
    await messages.post('results', () => channel.client.users.send(candidateUserId, input.body()));
    dmDelivered = true;
  } catch (err) {
    const closed = (err as { code?: unknown }).code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
    log.warn({ err: closed ? undefined : err, dmClosed: closed }, 'could not send the results by DM');
  }
  if (input.mentorsChannelId) {
    try {
      const mentors = await channel.guild.channels.fetch(input.mentorsChannelId);
      if (!mentors?.isTextBased()) throw new Error('the mentors’ channel is gone or not a text channel');
      const body = input.body();
      await messages.post('results', () => mentors.send({ ...body, content: `Results of <@${candidateUserId}>’s interview (sent to them privately):`, allowedMentions: { parse: [] } }));
    } catch (err) {
      log.warn({ err }, 'could not post the results in the mentors’ channel');
    }
  }
  await messages.post('notice', () => channel.send({ content: privateResultsNotice(candidateUserId, input.interviewId, dmDelivered), allowedMentions: { users: [candidateUserId] } }));
}
