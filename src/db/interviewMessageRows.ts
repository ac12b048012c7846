import type { InterviewMessage, InterviewMessageKind, StoredInterviewMessage } from '../interview/InterviewMessage.ts';
import type { RpcArgs } from './rpcArgs.ts';

/** An interview_messages row (timestamps are Dates from PGlite/node-postgres, ISO strings from PostgREST). */
export interface InterviewMessageRow {
  guild_id: string;
  interview_id: string;
  channel_id: string;
  message_id: string;
  kind: string;
  created_at: Date | string;
}

export function toInterviewMessage(r: InterviewMessageRow): StoredInterviewMessage {
  return {
    guildId: r.guild_id,
    interviewId: r.interview_id,
    channelId: r.channel_id,
    messageId: r.message_id,
    kind: r.kind as InterviewMessageKind,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}

/** Named arguments of record_interview_message (both adapters). */
export function recordInterviewMessageArgs(m: InterviewMessage): RpcArgs {
  return { p_guild_id: m.guildId, p_interview_id: m.interviewId, p_channel_id: m.channelId, p_message_id: m.messageId, p_kind: m.kind };
}

/** Named arguments of list_interview_messages (both adapters). */
export function listInterviewMessagesArgs(guildId: string, interviewId: string): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId };
}
