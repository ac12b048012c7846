import type {
  AnswerStatus,
  Evaluation,
  InterviewDetails,
  InterviewRecord,
  InterviewStatus,
  InterviewType,
  SpeechAnalytics,
} from './types.ts';
import type { InterviewMessage, StoredInterviewMessage } from './InterviewMessage.ts';
import type { RubricCriterion } from './rubric.ts';
import type { MentorReview, ReviewInput, ReviewStatsData, ReviewStatsQuery, SavedReview } from './review.ts';
import type { BankPage, BankQuery, BankQuestion, NewBankQuestions } from './bank/BankQuestion.ts';

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
  /** The question was taken from the server's bank (asked as written). */
  fromBank?: boolean;
}

/**
 * What an evaluation produced: a score, a failure (`reason` is an error kind, retried later), or an
 * answer with not enough to score (`reason` is shown to people; final, never retried).
 */
export type EvaluationResult =
  | { kind: 'scored'; evaluation: Evaluation }
  | { kind: 'unscored'; reason: string }
  | { kind: 'not_enough'; reason: string };

export interface HistoryQuery {
  guildId: string;
  /** Only this candidate's interviews; omit for everyone in the guild (mentors). */
  userId?: string;
  /** Only interviews of this type; omit for every type. */
  type?: InterviewType;
  /** Only interviews started at or after this time; omit for all. */
  since?: Date;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** A search of a guild's interviews, newest first (the `id` autocomplete). */
export interface InterviewSearch {
  guildId: string;
  /** Only this candidate's interviews; omit for everyone in the guild (mentors). */
  userId?: string;
  /**
   * Matches an id that starts with it, or a job title or candidate name that contains it
   * (case-insensitive, taken literally); '' matches every interview.
   */
  text: string;
  /** 1–25 (Discord shows at most 25 autocomplete choices). */
  limit: number;
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
  /** Results and transcripts: posted in the channel (null: the default) or sent privately to the candidate (and to `mentorsChannelId`). */
  resultsVisibility: 'channel' | 'private' | null;
  /** Where private results also go, for mentors. */
  mentorsChannelId: string | null;
  /** Live captions on the question card (null: on). */
  liveCaptions: boolean | null;
  /** Share of questions taken from the server's question bank, 0–1 (null: the default). */
  bankShare: number | null;
}

/** A server's settings before anything was set with `/interview config`. */
export function defaultGuildSettings(guildId: string): GuildSettings {
  return {
    guildId, mentorRoleId: null, defaultQuestions: null, defaultType: null, defaultLanguage: null,
    resultsVisibility: null, mentorsChannelId: null, liveCaptions: null, bankShare: null,
  };
}

/** A waiting candidate as the queue stores it: where to tell them, never their documents. */
export interface QueueEntry {
  guildId: string;
  userId: string;
  textChannelId: string;
  voiceChannelId: string | null;
  /** Changes each time the candidate is queued (see {@link Store.removeQueueEntry}). */
  entryId: string;
  enqueuedAt: Date;
}

/**
 * Persistence contract. Every read and write is scoped by guild: an id from another guild
 * behaves as if it did not exist.
 */
export interface Store {
  /** @throws InterviewAlreadyRunningError when the guild already has an interview in progress. */
  createInterview(input: NewInterview): Promise<InterviewRecord>;
  /** Upsert by (interviewId, number); idempotent. */
  saveAnswer(input: AnswerInput): Promise<void>;
  saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void>;
  /** Sets status, completedAt and the final score (null if any question is still unscored). */
  finishInterview(guildId: string, interviewId: string, status: Exclude<InterviewStatus, 'in_progress'>, finalScore: number | null): Promise<void>;
  /** Updates the final score after a late evaluation retry. */
  setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void>;
  listInterviews(query: HistoryQuery): Promise<HistoryPage>;
  /** @throws RangeError when `limit` is not an integer from 1 to 25 */
  searchInterviews(query: InterviewSearch): Promise<InterviewRecord[]>;
  getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null>;
  /** Removes the interview and its questions. Returns false if it did not exist in this guild. */
  deleteInterview(guildId: string, interviewId: string): Promise<boolean>;
  /** Answers whose evaluation is pending or unscored, for the background retry. */
  listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>>;
  /** Marks `in_progress` interviews as `interrupted` (optionally only these guilds) and returns them. */
  markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]>;
  // --- Daily-limit ledger and persisted queue (sql/006_starts_queue.sql) ---
  /**
   * Records that this user started an interview in this guild. The daily limit counts these:
   * deleting interviews does not remove them. `startedAt` defaults to now.
   */
  recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void>;
  /** Starts recorded for this user in this guild at or after `since` (the daily limit). */
  countRecentStarts(guildId: string, userId: string, since: Date): Promise<number>;
  /** Stores a waiting candidate (replacing any entry they had, with a new entryId). */
  saveQueueEntry(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<QueueEntry>;
  /** Removes the candidate's entry (only `entryId` if given). False if there was none. */
  removeQueueEntry(guildId: string, userId: string, entryId?: string): Promise<boolean>;
  /** Waiting candidates, oldest first per guild (optionally only these guilds). */
  listQueueEntries(guildIds?: string[]): Promise<QueueEntry[]>;
  // --- end of the ledger and queue block ---
  /** The server's rubric for an interview type, or null when it has none (the defaults apply: DEFAULT_RUBRICS). */
  getRubric(guildId: string, type: InterviewType): Promise<RubricCriterion[] | null>;
  /** Replaces the server's rubric for the type (1–MAX_RUBRIC_CRITERIA criteria with unique keys). */
  saveRubric(guildId: string, type: InterviewType, criteria: readonly RubricCriterion[]): Promise<void>;
  /** Back to the defaults. False if the server had no rubric of its own for the type. */
  resetRubric(guildId: string, type: InterviewType): Promise<boolean>;
  getGuildSettings(guildId: string): Promise<GuildSettings | null>;
  saveGuildSettings(settings: GuildSettings): Promise<void>;

  // Discord messages posted for an interview (sql/005_interview_messages.sql); they go with it on delete.
  /** Records one message (idempotent). Stores nothing if the interview does not exist in the guild. */
  recordInterviewMessage(message: InterviewMessage): Promise<void>;
  /** The interview's recorded messages, oldest first; [] if it does not exist in the guild. */
  listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]>;

  // --- Mentor reviews (sql/012_mentor_reviews.sql); they go with their interview on delete ---
  /**
   * Saves the reviewer's review of one question, replacing theirs if they had one. Null (nothing
   * stored) when the interview or the question does not exist in the guild.
   * @throws a check violation for criteria that are not 1–5 with unique keys and scores 0–10 in
   *   half points, or a note over MAX_REVIEW_NOTE_CHARS
   */
  saveReview(input: ReviewInput): Promise<SavedReview | null>;
  /** The interview's reviews by question number, then oldest first; [] if it does not exist in the guild. */
  listReviews(guildId: string, interviewId: string): Promise<MentorReview[]>;
  /** The guild's mentor reviews beside the AI's scores, the AI's criterion means and interviews per week. */
  getReviewStats(query: ReviewStatsQuery): Promise<ReviewStatsData>;
  // --- end of the mentor reviews block ---
  // --- Question bank (sql/011_question_bank.sql) ---
  /** Adds texts in one scope; a text already in that scope (ignoring case and spacing) is skipped. Returns how many were added. */
  addBankQuestions(input: NewBankQuestions): Promise<number>;
  /** @throws RangeError when `limit` is not an integer from 1 to 100 */
  listBankQuestions(query: BankQuery): Promise<BankPage>;
  /** False if it did not exist in this guild. */
  removeBankQuestion(guildId: string, id: string): Promise<boolean>;
  /**
   * Up to `limit` questions that fit an interview (scope job title equal ignoring case or
   * none, scope type equal or none): job-title ones first, then type ones, then unscoped ones;
   * random order within each group.
   */
  pickBankQuestions(guildId: string, jobTitle: string, type: InterviewType, limit: number): Promise<BankQuestion[]>;
  // --- end of the question bank block ---

  close(): Promise<void>;
}
