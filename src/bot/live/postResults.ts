import type { GuildTextBasedChannel } from 'discord.js';
import type { Store } from '../../interview/Store.ts';
import type { SessionResult } from '../../interview/InterviewSession.ts';
import type { Logger } from '../../logger.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import { buildResultsEmbed } from '../embeds/resultsEmbed.ts';
import { buildTranscriptFile } from '../embeds/transcriptFile.ts';
import type { InterviewOutcome } from '../InterviewRunner.ts';
import type { InterviewMessages } from './InterviewMessages.ts';
import { resultsIntro } from './resultsIntro.ts';
import { resultsDetails, type PendingWrites } from './resultsDetails.ts';
import { resultsTrendsChart } from './resultsTrendsChart.ts';
import { sendWithChartFallback } from './sendWithChartFallback.ts';
import { deliverPrivateResults } from './deliverPrivateResults.ts';
import type { InterviewVisibility } from './interviewVisibility.ts';

export interface PostResultsInput {
  store: Store;
  /** Writes still queued (database down): the results come from the session and say what is not saved yet. */
  pendingWrites: PendingWrites | undefined;
  /** The session's own outcome (null when it never ran). */
  result: SessionResult | null;
  logger: Logger;
  record: InterviewRecord;
  candidateUserId: string;
  channel: GuildTextBasedChannel;
  /** The posted message is recorded here (kind `results`), so `/interview delete` removes it. */
  messages: InterviewMessages;
  outcome: InterviewOutcome;
  /** Why an interrupted interview stopped, for the message to the candidate. */
  interruptedBy: 'shutdown' | 'voice_lost';
  /** The id logged with a failure, quoted to the candidate. */
  referenceId: string | null;
  /** Where the results go (default: the channel). */
  visibility?: InterviewVisibility;
}

/** Posts the results embed with the transcript file (or says no question was answered). */
export async function postResults(input: PostResultsInput): Promise<void> {
  const { store, record, candidateUserId, channel, messages, outcome } = input;
  const { details, unsavedNumbers } = await resultsDetails({ store, pendingWrites: input.pendingWrites, record, result: input.result, logger: input.logger });
  const intro = resultsIntro(outcome, { candidateUserId, interruptedBy: input.interruptedBy, referenceId: input.referenceId });
  const allowedMentions = { users: [candidateUserId] };
  if (!details || details.questions.length === 0) {
    await messages.post('results', () => channel.send({ content: `${intro.replace(/[.:]$/, '.')} No question was answered.`, allowedMentions }));
    return;
  }
  // The trend chart (3+ scored interviews) never holds up or loses the results: none while writes are queued.
  const chart = input.pendingWrites?.hasPending(record.id) ? null : await resultsTrendsChart({ store, details, candidateName: details.interview.candidateName, logger: input.logger });
  const body = (c: typeof chart = chart) => ({
    content: intro,
    embeds: [buildResultsEmbed(details, { unsavedNumbers, ...(c ? { chartFileName: c.name } : {}) })],
    files: [buildTranscriptFile(details), ...(c ? [c] : [])],
    allowedMentions,
  });
  if (input.visibility?.results === 'private') {
    await deliverPrivateResults({ channel, candidateUserId, interviewId: record.id, mentorsChannelId: input.visibility.mentorsChannelId, body: () => body(), messages, log: input.logger });
    return;
  }
  await messages.post('results', () => sendWithChartFallback(chart, input.logger, (c) => channel.send(body(c))));
}
