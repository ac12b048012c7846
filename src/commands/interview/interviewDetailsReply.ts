import type { InteractionEditReplyOptions } from 'discord.js';
import { buildInterviewDetailsEmbed } from '../../bot/embeds/interviewDetailsEmbed.ts';
import { buildTranscriptFile } from '../../bot/embeds/transcriptFile.ts';
import type { InterviewDetails } from '../../interview/types.ts';

/** What `/interview show` and the history menu answer: the details embed and the full transcript. */
export function interviewDetailsReply(details: InterviewDetails): InteractionEditReplyOptions {
  return {
    embeds: [buildInterviewDetailsEmbed(details)],
    files: [buildTranscriptFile(details)],
    allowedMentions: { parse: [] },
  };
}
