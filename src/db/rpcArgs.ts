import type { InterviewStatus } from '../interview/types.ts';
import { criteriaArg } from './criteriaRows.ts';
import type { AnswerInput, EvaluationResult, GuildSettings, HistoryQuery, InterviewSearch, NewInterview, QueueEntry } from '../interview/Store.ts';

/**
 * Named arguments of the SQL functions in sql/ (002 writes, 006 ledger and queue, 007 reads),
 * for both transports: SqlClientTransport calls `fn(p_x => $1, ...)`, SupabaseRpcTransport
 * sends the same object to rpc().
 * Values are JSON-compatible: Dates as ISO strings, jsonb arguments as plain objects/arrays.
 */
export type RpcArgs = Record<string, string | number | boolean | null | object>;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function createInterviewArgs(i: NewInterview): RpcArgs {
  return {
    p_guild_id: i.guildId,
    p_candidate_user_id: i.candidateUserId,
    p_candidate_name: i.candidateName,
    p_text_channel_id: i.textChannelId,
    p_voice_channel_id: i.voiceChannelId,
    p_job_title: i.jobTitle,
    p_type: i.type,
    p_language: i.language,
    p_question_count: i.questionCount,
    p_started_at: iso(i.startedAt),
  };
}

export function saveAnswerArgs(a: AnswerInput): RpcArgs {
  return {
    p_guild_id: a.guildId,
    p_interview_id: a.interviewId,
    p_number: a.number,
    p_question_text: a.questionText,
    p_is_fallback: a.isFallback,
    p_answer_status: a.answerStatus,
    p_answer_transcript: a.answerTranscript,
    p_answer_duration_ms: a.answerDurationMs === null ? null : Math.round(a.answerDurationMs),
    p_analytics: a.analytics,
    p_asked_at: iso(a.askedAt),
    p_answered_at: iso(a.answeredAt),
  };
}

export function saveEvaluationArgs(guildId: string, interviewId: string, number: number, result: EvaluationResult): RpcArgs {
  const base = { p_guild_id: guildId, p_interview_id: interviewId, p_number: number, p_kind: result.kind };
  // sql/010_rubric_scores.sql: not_enough's reason is shown to people; unscored's is an error kind.
  if (result.kind !== 'scored') return { ...base, p_reason: result.reason };
  const e = result.evaluation;
  return {
    ...base,
    p_score: e.score,
    p_feedback: e.feedback,
    p_strengths: e.strengths,
    p_improvements: e.improvements,
    p_evidence: e.evidence,
    p_criteria: criteriaArg(e.criteria),
  };
}

export function finishInterviewArgs(
  guildId: string,
  interviewId: string,
  status: Exclude<InterviewStatus, 'in_progress'>,
  finalScore: number | null,
): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId, p_status: status, p_final_score: finalScore };
}

export function setFinalScoreArgs(guildId: string, interviewId: string, finalScore: number | null): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId, p_final_score: finalScore };
}

export function deleteInterviewArgs(guildId: string, interviewId: string): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId };
}

export function markInterruptedArgs(guildIds?: string[]): RpcArgs {
  return { p_guild_ids: guildIds ?? null };
}

export function listUnscoredArgs(limit: number): RpcArgs {
  return { p_limit: limit };
}

export function saveGuildSettingsArgs(s: GuildSettings): RpcArgs {
  return {
    p_guild_id: s.guildId,
    p_mentor_role_id: s.mentorRoleId,
    p_default_questions: s.defaultQuestions,
    p_default_type: s.defaultType,
    p_default_language: s.defaultLanguage,
    // sql/013_guild_visibility.sql
    p_results_visibility: s.resultsVisibility,
    p_mentors_channel_id: s.mentorsChannelId,
    p_live_captions: s.liveCaptions,
    p_bank_share: s.bankShare,
  };
}

// --- Daily-limit ledger and persisted queue (sql/006_starts_queue.sql) ---
export function recordInterviewStartArgs(guildId: string, userId: string, startedAt?: Date): RpcArgs {
  return { p_guild_id: guildId, p_user_id: userId, p_started_at: iso(startedAt) };
}

export function enqueueCandidateArgs(e: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): RpcArgs {
  return { p_guild_id: e.guildId, p_user_id: e.userId, p_text_channel_id: e.textChannelId, p_voice_channel_id: e.voiceChannelId };
}

export function dequeueCandidateArgs(guildId: string, userId: string, entryId?: string): RpcArgs {
  return { p_guild_id: guildId, p_user_id: userId, p_entry_id: entryId ?? null };
}

export function listQueuedArgs(guildIds?: string[]): RpcArgs {
  return { p_guild_ids: guildIds ?? null };
}
// --- end of the ledger and queue block ---

// --- Reads (sql/007_read_functions.sql; history filters and search: sql/008_history_filters.sql) ---
export function listInterviewsArgs(q: HistoryQuery): RpcArgs {
  return { ...countInterviewsArgs(q), p_limit: q.pageSize, p_offset: (q.page - 1) * q.pageSize };
}

export function countInterviewsArgs(q: HistoryQuery): RpcArgs {
  return { p_guild_id: q.guildId, p_user_id: q.userId ?? null, p_type: q.type ?? null, p_since: iso(q.since) };
}

export function searchInterviewsArgs(q: InterviewSearch): RpcArgs {
  return { p_guild_id: q.guildId, p_limit: q.limit, p_user_id: q.userId ?? null, p_text: q.text === '' ? null : q.text };
}

/** Arguments of get_interview and list_questions. */
export function interviewKeyArgs(guildId: string, interviewId: string): RpcArgs {
  return { p_guild_id: guildId, p_interview_id: interviewId };
}

export function countRecentStartsArgs(guildId: string, userId: string, since: Date): RpcArgs {
  return { p_guild_id: guildId, p_user_id: userId, p_since: since.toISOString() };
}

export function getGuildSettingsArgs(guildId: string): RpcArgs {
  return { p_guild_id: guildId };
}
// --- end of the reads ---

/** A uuid, checked before it reaches a uuid column (a malformed id is "not found", not an error). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
