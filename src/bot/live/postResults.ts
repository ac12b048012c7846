import type { GuildTextBasedChannel } from 'discord.js';
import type { Store } from '../../db/Store.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import { buildResultsEmbed } from '../embeds/resultsEmbed.ts';
import { buildTranscriptFile } from '../embeds/transcriptFile.ts';
import type { InterviewOutcome } from '../InterviewRunner.ts';
import type { InterviewMessages } from './InterviewMessages.ts';

export interface PostResultsInput {
  store: Store;
  record: InterviewRecord;
  candidateUserId: string;
  channel: GuildTextBasedChannel;
  /** The posted message is recorded here (kind `results`), so `/interview delete` removes it. */
  messages: InterviewMessages;
  outcome: InterviewOutcome;
  /** Why an interrupted interview stopped, for the message to the candidate. */
  interruptedBy: 'shutdown' | 'voice_lost';
}

/** Posts the results embed with the transcript file (or says no question was answered). */
export async function postResults(input: PostResultsInput): Promise<void> {
  const { store, record, candidateUserId, channel, messages, outcome } = input;
  const details = await store.getInterview(record.guildId, record.id);
  const mention = `<@${candidateUserId}>`;
  const intro: Record<InterviewOutcome, string> = {
    completed: `${mention} your interview is complete. Here are your results:`,
    abandoned: `${mention} the interview ended early. Here is what you answered:`,
    interrupted: input.interruptedBy === 'voice_lost'
      ? `${mention} I lost the voice connection and could not get it back, so the interview stopped. Your answers so far are saved:`
      : `${mention} the interview was interrupted because the bot is restarting. Your answers so far are saved:`,
    failed: `${mention} something went wrong and the interview stopped. Your answers so far are saved:`,
  };
  const allowedMentions = { users: [candidateUserId] };
  if (!details || details.questions.length === 0) {
    await messages.post('results', () => channel.send({ content: `${intro[outcome].replace(/[.:]$/, '.')} No question was answered.`, allowedMentions }));
    return;
  }
  await messages.post('results', () =>
    channel.send({ content: intro[outcome], embeds: [buildResultsEmbed(details)], files: [buildTranscriptFile(details)], allowedMentions }),
  );
}
