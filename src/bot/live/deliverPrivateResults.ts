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

/** How the DM to the candidate went. */
export type DmOutcome = 'sent' | 'dm_closed' | 'dm_failed';

/** What the interview's channel is told; no scores or answers in any case. */
export function privateResultsNotice(candidateUserId: string, interviewId: string, dm: DmOutcome): string {
  const show = `use \`/interview show id:${interviewId}\` to see them (only you will see the reply).`;
  switch (dm) {
    case 'sent':
      return `<@${candidateUserId}> Results were sent to you privately (check your direct messages).`;
    case 'dm_closed':
      return `<@${candidateUserId}> I couldn’t send your results privately: your direct messages are closed to me. Allow direct messages from this server’s members (Privacy Settings), then ${show}`;
    case 'dm_failed':
      return `<@${candidateUserId}> I couldn’t send your results privately just now; ${show}`;
  }
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
  let dm: DmOutcome = 'sent';
  try {
    await messages.post('results', () => channel.client.users.send(candidateUserId, input.body()));
  } catch (err) {
    dm = (err as { code?: unknown }).code === RESTJSONErrorCodes.CannotSendMessagesToThisUser ? 'dm_closed' : 'dm_failed';
    log.warn({ err: dm === 'dm_closed' ? undefined : err, dm }, 'could not send the results by DM');
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
  await messages.post('notice', () => channel.send({ content: privateResultsNotice(candidateUserId, input.interviewId, dm), allowedMentions: { users: [candidateUserId] } }));
}
