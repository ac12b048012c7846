import type { Client } from 'discord.js';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';
import { buildResultsEmbed } from './embeds/resultsEmbed.ts';
import { buildTranscriptFile } from './embeds/transcriptFile.ts';
import { resultsTrendsChart } from './live/resultsTrendsChart.ts';
import { sendWithChartFallback } from './live/sendWithChartFallback.ts';

/** The part of a discord.js client this needs: fetch a channel by id. */
export type ChannelFetcher = Pick<Client['channels'], 'fetch'>;

/**
 * Returns the callback that edits an interview's posted results (messages recorded with kind
 * `results`) after late scores came in: the embed and the transcript file are rebuilt from the
 * store, so the candidate and mentors see the scores where they first looked. A message that
 * is gone (deleted, channel removed) is skipped.
 */
export function updatePostedResults(deps: { store: Store; channels: ChannelFetcher; logger: Logger }): (guildId: string, interviewId: string) => Promise<void> {
  return async (guildId, interviewId) => {
    const posted = (await deps.store.listInterviewMessages(guildId, interviewId)).filter((m) => m.kind === 'results');
    if (posted.length === 0) return;
    const details = await deps.store.getInterview(guildId, interviewId);
    if (!details || details.questions.length === 0) return;
    // The trend chart (3+ scored interviews) is drawn again with the late scores; null on any failure.
    const chart = await resultsTrendsChart({ store: deps.store, details, candidateName: details.interview.candidateName, logger: deps.logger });
    for (const m of posted) {
      const channel = await deps.channels.fetch(m.channelId).catch(() => null);
      if (!channel?.isTextBased()) continue;
      const message = await channel.messages.fetch(m.messageId).catch(() => null);
      if (!message) continue;
      // `attachments: []` drops the old transcript file (and chart); `files` attaches the new ones.
      await sendWithChartFallback(chart, deps.logger, (c) =>
        message.edit({
          embeds: [buildResultsEmbed(details, c ? { chartFileName: c.name } : {})],
          files: [buildTranscriptFile(details), ...(c ? [c] : [])],
          attachments: [],
        }),
      );
      deps.logger.info({ guildId, interviewId }, 'posted results updated with late scores');
    }
  };
}
