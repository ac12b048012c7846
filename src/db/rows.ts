import type {
  AnswerStatus,
  EvaluationStatus,
  InterviewRecord,
  InterviewStatus,
  InterviewType,
  QuestionRecord,
  SpeechAnalytics,
} from '../interview/types.ts';
import type { GuildSettings, QueueEntry } from '../interview/Store.ts';
import { toCriteria } from './criteriaRows.ts';

/**
 * Rows as the database returns them (snake_case) and their mapping to domain objects.
 * Timestamps arrive as Dates from PGlite/node-postgres and as ISO strings from PostgREST;
 * uuids and numbers the same way from both.
 */
type Timestamp = Date | string;

export interface InterviewRow {
  id: string;
  guild_id: string;
  candidate_user_id: string;
  candidate_name: string;
  text_channel_id: string | null;
  voice_channel_id: string | null;
  job_title: string;
  type: string;
  language: string;
  status: string;
  question_count: number;
  final_score: number | string | null;
  started_at: Timestamp;
  completed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface QuestionRow {
  id: string;
  interview_id: string;
  guild_id: string;
  number: number;
  question_text: string;
  is_fallback: boolean;
  answer_status: string;
  answer_transcript: string | null;
  evaluation_status: string;
  score: number | string | null;
  feedback: string | null;
  strengths: unknown;
  improvements: unknown;
  evidence: string | null;
  /** sql/010_rubric_scores.sql; absent from rows written before it. */
  criteria?: unknown;
  answer_duration_ms: number | null;
  analytics: unknown;
  asked_at: Timestamp;
  answered_at: Timestamp | null;
  evaluated_at: Timestamp | null;
  /** sql/011; absent before it ran. */
  from_bank?: boolean;
}

export interface GuildSettingsRow {
  guild_id: string;
  mentor_role_id: string | null;
  default_questions: number | null;
  default_type: string | null;
  default_language: string | null;
  /** sql/013_guild_visibility.sql */
  results_visibility: string | null;
  mentors_channel_id: string | null;
  live_captions: boolean | null;
  bank_share: number | string | null;
}

const date = (v: Timestamp): Date => (v instanceof Date ? v : new Date(v));
const dateOrNull = (v: Timestamp | null): Date | null => (v === null ? null : date(v));
const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
/** jsonb arrives parsed from every driver; a string would mean a text column or double encoding. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const strings = (v: unknown): string[] => {
  const parsed = json(v);
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

export function toInterview(r: InterviewRow): InterviewRecord {
  return {
    id: r.id,
    guildId: r.guild_id,
    candidateUserId: r.candidate_user_id,
    candidateName: r.candidate_name,
    textChannelId: r.text_channel_id,
    voiceChannelId: r.voice_channel_id,
    jobTitle: r.job_title,
    type: r.type as InterviewType,
    language: r.language,
    status: r.status as InterviewStatus,
    questionCount: r.question_count,
    finalScore: numberOrNull(r.final_score),
    startedAt: date(r.started_at),
    completedAt: dateOrNull(r.completed_at),
    createdAt: date(r.created_at),
  };
}

export function toQuestion(r: QuestionRow): QuestionRecord {
  const analytics = r.analytics === null ? null : (json(r.analytics) as SpeechAnalytics);
  return {
    id: r.id,
    interviewId: r.interview_id,
    number: r.number,
    questionText: r.question_text,
    isFallback: r.is_fallback,
    answerStatus: r.answer_status as AnswerStatus,
    answerTranscript: r.answer_transcript,
    evaluationStatus: r.evaluation_status as EvaluationStatus,
    score: numberOrNull(r.score),
    feedback: r.feedback,
    strengths: strings(r.strengths),
    improvements: strings(r.improvements),
    evidence: r.evidence,
    criteria: toCriteria(r.criteria),
    answerDurationMs: r.answer_duration_ms,
    analytics,
    askedAt: date(r.asked_at),
    answeredAt: dateOrNull(r.answered_at),
    evaluatedAt: dateOrNull(r.evaluated_at),
    ...(r.from_bank === true ? { fromBank: true } : {}),
  };
}

export function toGuildSettings(r: GuildSettingsRow): GuildSettings {
  return {
    guildId: r.guild_id,
    mentorRoleId: r.mentor_role_id,
    defaultQuestions: r.default_questions,
    defaultType: r.default_type as InterviewType | null,
    defaultLanguage: r.default_language,
    resultsVisibility: r.results_visibility as GuildSettings['resultsVisibility'],
    mentorsChannelId: r.mentors_channel_id,
    liveCaptions: r.live_captions,
    bankShare: numberOrNull(r.bank_share),
  };
}

export interface QueueRow {
  guild_id: string;
  user_id: string;
  text_channel_id: string;
  voice_channel_id: string | null;
  entry_id: string;
  enqueued_at: Timestamp;
}

export function toQueueEntry(r: QueueRow): QueueEntry {
  return {
    guildId: r.guild_id,
    userId: r.user_id,
    textChannelId: r.text_channel_id,
    voiceChannelId: r.voice_channel_id,
    entryId: r.entry_id,
    enqueuedAt: date(r.enqueued_at),
  };
}
