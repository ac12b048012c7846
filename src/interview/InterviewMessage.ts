/**
 * What a message the bot posted for an interview is: a live question card, the recording
 * notice, the results (embed and transcript file), or another notice to the candidate.
 */
export type InterviewMessageKind = 'question_card' | 'recording_notice' | 'results' | 'notice';

/** A Discord message posted for an interview: ids only, never its content (sql/005_interview_messages.sql). */
export interface InterviewMessage {
  guildId: string;
  interviewId: string;
  channelId: string;
  messageId: string;
  kind: InterviewMessageKind;
}

/** A recorded message as the store returns it. */
export interface StoredInterviewMessage extends InterviewMessage {
  createdAt: Date;
}
