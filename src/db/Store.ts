import type {
  AnswerStatus,
  Evaluation,
  InterviewDetails,
  InterviewRecord,
  InterviewStatus,
  InterviewType,
  SpeechAnalytics,
} from '../interview/types.ts';
import type { InterviewMessage, StoredInterviewMessage } from './InterviewMessage.ts';

export interface NewInterview {
  guildId: string;
  candidateUserId: string;
  candidateName: string;
  textChannelId: string | null;
  voiceChannelId: string | null;
  jobTitle: string;
  type: InterviewType;
  language: string;
  questionCount: number;
  startedAt?: Date;
}

/** One answered (or unanswered/skipped) question. Saving the same number twice stores it once. */
export interface AnswerInput {
  guildId: string;
  interviewId: string;
  number: number;
  questionText: string;
  isFallback: boolean;
  answerStatus: AnswerStatus;
  answerTranscript: string | null;
  answerDurationMs: number | null;
  analytics: SpeechAnalytics | null;
  askedAt: Date;
  answeredAt: Date | null;
}

export type EvaluationResult = { kind: 'scored'; evaluation: Evaluation } | { kind: 'unscored'; reason: string };

export interface HistoryQuery {
  guildId: string;
  /** Only this candidate's interviews; omit for everyone in the guild (mentors). */
  userId?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface HistoryPage {
  items: InterviewRecord[];
  total: number;
}

/** Per-server settings set with `/interview config`. */
export interface GuildSettings {
  guildId: string;
  mentorRoleId: string | null;
  defaultQuestions: number | null;
  defaultType: InterviewType | null;
  defaultLanguage: string | null;
}

/**
 * Persistence contract. Every read and write is scoped by guild: an id from another guild
 * behaves as if it did not exist.
 */
export interface Store {
  createInterview(input: NewInterview): Promise<InterviewRecord>;
  /** Upsert by (interviewId, number); idempotent. */
  saveAnswer(input: AnswerInput): Promise<void>;
  saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void>;
  /** Sets status, completedAt and the final score (null if any question is still unscored). */
  finishInterview(guildId: string, interviewId: string, status: Exclude<InterviewStatus, 'in_progress'>, finalScore: number | null): Promise<void>;
  /** Updates the final score after a late evaluation retry. */
  setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void>;
  listInterviews(query: HistoryQuery): Promise<HistoryPage>;
  getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null>;
  /** Removes the interview and its questions. Returns false if it did not exist in this guild. */
  deleteInterview(guildId: string, interviewId: string): Promise<boolean>;
  /** Answers whose evaluation is pending or unscored, for the background retry. */
  listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>>;
  /** Marks `in_progress` interviews as `interrupted` (optionally only these guilds) and returns them. */
  markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]>;
  /** Interviews started by this user in this guild since the given time (rate limiting). */
  countRecentInterviews(guildId: string, userId: string, since: Date): Promise<number>;
  getGuildSettings(guildId: string): Promise<GuildSettings | null>;
  saveGuildSettings(settings: GuildSettings): Promise<void>;

  // Discord messages posted for an interview (sql/005_interview_messages.sql); they go with it on delete.
  /** Records one message (idempotent). Stores nothing if the interview does not exist in the guild. */
  recordInterviewMessage(message: InterviewMessage): Promise<void>;
  /** The interview's recorded messages, oldest first; [] if it does not exist in the guild. */
  listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]>;

  close(): Promise<void>;
}
