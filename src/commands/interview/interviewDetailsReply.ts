import type { InteractionEditReplyOptions } from 'discord.js';
import { buildInterviewDetailsEmbed } from '../../bot/embeds/interviewDetailsEmbed.ts';
import { buildTranscriptFile } from '../../bot/embeds/transcriptFile.ts';
import type { MentorReview } from '../../interview/review.ts';
import type { InterviewDetails } from '../../interview/types.ts';

/** What `/interview show` and the history menu answer: the details embed (with mentors' reviews) and the full transcript. */
export function interviewDetailsReply(details: InterviewDetails, reviews: readonly MentorReview[] = []): InteractionEditReplyOptions {
  return {
    embeds: [buildInterviewDetailsEmbed(details, reviews)],
    files: [buildTranscriptFile(details)],
    allowedMentions: { parse: [] },
  };
}
