import { InterviewAlreadyRunningError } from '../interview/InterviewAlreadyRunningError.ts';
import type { InterviewMessage, StoredInterviewMessage } from '../interview/InterviewMessage.ts';
import type {
  AnswerInput,
  EvaluationResult,
  GuildSettings,
  HistoryPage,
  HistoryQuery,
  InterviewSearch,
  NewInterview,
  QueueEntry,
  Store,
} from '../interview/Store.ts';
import type { RubricCriterion } from '../interview/rubric.ts';
import type { MentorReview, ReviewInput, ReviewStatsData, ReviewStatsQuery, SavedReview } from '../interview/review.ts';
import type { InterviewDetails, InterviewRecord, InterviewStatus, InterviewType } from '../interview/types.ts';
import type { FunctionTransport } from './FunctionTransport.ts';
import * as messages from './interviewMessageRows.ts';
import { isOneRunningViolation } from './isOneRunningViolation.ts';
import {
  toGuildSettings,
  toInterview,
  toQueueEntry,
  toQuestion,
  type GuildSettingsRow,
  type InterviewRow,
  type QueueRow,
  type QuestionRow,
} from './rows.ts';
import * as rpc from './rpcArgs.ts';
import * as rubrics from './rubricRows.ts';
import * as reviews from './reviewRows.ts';
import * as bank from './bankRows.ts';
import type { BankPage, BankQuery, BankQuestion, NewBankQuestions } from '../interview/bank/BankQuestion.ts';

/** Checks history paging arguments: page is 1-based, pageSize 1–100. */
function checkPage(q: HistoryQuery): void {
  if (!Number.isInteger(q.page) || q.page < 1) throw new RangeError(`page must be an integer >= 1, got ${q.page}`);
  if (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > 100) {
    throw new RangeError(`pageSize must be an integer from 1 to 100, got ${q.pageSize}`);
  }
}

/** Checks a search's limit: 1–25 (Discord's most autocomplete choices). */
function checkSearchLimit(q: InterviewSearch): void {
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > 25) throw new RangeError(`limit must be an integer from 1 to 25, got ${q.limit}`);
}

/** The SQLSTATE / PostgREST code of a transport's failure. */
const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * The one {@link Store}: every read and write is one SQL function of sql/ (each filters on
 * guild_id and runs in one transaction), called through a {@link FunctionTransport} — PGlite or
 * node-postgres ({@link ./SqlStore.ts}), or Supabase's rpc() ({@link ./SupabaseStore.ts}).
 * Writes addressed to an interview that does not exist in the guild do nothing, except
 * saveAnswer, which throws (an answer must never be lost silently). Malformed ids are "not
 * found" and never reach the database.
 */
export class SqlFunctionStore implements Store {
  readonly #transport: FunctionTransport;

  /** The store closes `transport` when it is closed. The migrations must have been applied. */
  constructor(transport: FunctionTransport) {
    this.#transport = transport;
  }

  #call<T>(fn: string, args: rpc.RpcArgs): Promise<T> {
    return this.#transport.call<T>(fn, args);
  }

  /** A call of a `stable` function (sql/005, sql/007): changes nothing, safe to repeat. */
  #read<T>(fn: string, args: rpc.RpcArgs): Promise<T> {
    return this.#transport.call<T>(fn, args, { read: true });
  }

  async createInterview(input: NewInterview): Promise<InterviewRecord> {
    try {
      return toInterview(await this.#call<InterviewRow>('create_interview', rpc.createInterviewArgs(input)));
    } catch (err) {
      if (err instanceof Error && isOneRunningViolation(codeOf(err), err.message)) throw new InterviewAlreadyRunningError(input.guildId);
      throw err;
    }
  }

  async saveAnswer(input: AnswerInput): Promise<void> {
    const saved = rpc.isUuid(input.interviewId) && (await this.#call<boolean>('save_answer', rpc.saveAnswerArgs(input)));
    if (!saved) throw new Error(`saveAnswer: interview ${input.interviewId} does not exist in guild ${input.guildId}`);
    if (input.fromBank) await this.#call('mark_bank_question', bank.markBankQuestionArgs(input.guildId, input.interviewId, input.number));
  }

  async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('save_evaluation', rpc.saveEvaluationArgs(guildId, interviewId, number, result));
  }

  async finishInterview(guildId: string, interviewId: string, status: Exclude<InterviewStatus, 'in_progress'>, finalScore: number | null): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('finish_interview', rpc.finishInterviewArgs(guildId, interviewId, status, finalScore));
  }

  async setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('set_final_score', rpc.setFinalScoreArgs(guildId, interviewId, finalScore));
  }

  async listInterviews(q: HistoryQuery): Promise<HistoryPage> {
    checkPage(q);
    const [rows, total] = await Promise.all([
      this.#read<InterviewRow[]>('list_interviews', rpc.listInterviewsArgs(q)),
      this.#read<number>('count_interviews', rpc.countInterviewsArgs(q)),
    ]);
    return { items: rows.map(toInterview), total };
  }

  async searchInterviews(q: InterviewSearch): Promise<InterviewRecord[]> {
    checkSearchLimit(q);
    return (await this.#read<InterviewRow[]>('search_interviews', rpc.searchInterviewsArgs(q))).map(toInterview);
  }

  async getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null> {
    if (!rpc.isUuid(interviewId)) return null;
    const [interviews, questions] = await Promise.all([
      this.#read<InterviewRow[]>('get_interview', rpc.interviewKeyArgs(guildId, interviewId)),
      this.#read<QuestionRow[]>('list_questions', rpc.interviewKeyArgs(guildId, interviewId)),
    ]);
    const row = interviews[0];
    return row ? { interview: toInterview(row), questions: questions.map(toQuestion) } : null;
  }

  async deleteInterview(guildId: string, interviewId: string): Promise<boolean> {
    if (!rpc.isUuid(interviewId)) return false;
    return this.#call<boolean>('delete_interview', rpc.deleteInterviewArgs(guildId, interviewId));
  }

  /** Excludes interviews still in progress: their running session evaluates its own answers. */
  async listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>> {
    const rows = await this.#call<Array<{ guild_id: string; interview_id: string; number: number }>>('list_unscored', rpc.listUnscoredArgs(limit));
    return rows.map((r) => ({ guildId: r.guild_id, interviewId: r.interview_id, number: r.number }));
  }

  async markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]> {
    const rows = await this.#call<InterviewRow[]>('mark_interrupted', rpc.markInterruptedArgs(guildIds));
    return rows.map(toInterview);
  }

  async recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void> {
    await this.#call('record_interview_start', rpc.recordInterviewStartArgs(guildId, userId, startedAt));
  }

  async countRecentStarts(guildId: string, userId: string, since: Date): Promise<number> {
    return this.#read<number>('count_recent_starts', rpc.countRecentStartsArgs(guildId, userId, since));
  }

  async saveQueueEntry(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<QueueEntry> {
    return toQueueEntry(await this.#call<QueueRow>('enqueue_candidate', rpc.enqueueCandidateArgs(entry)));
  }

  async removeQueueEntry(guildId: string, userId: string, entryId?: string): Promise<boolean> {
    if (entryId !== undefined && !rpc.isUuid(entryId)) return false;
    return this.#call<boolean>('dequeue_candidate', rpc.dequeueCandidateArgs(guildId, userId, entryId));
  }

  async listQueueEntries(guildIds?: string[]): Promise<QueueEntry[]> {
    const rows = await this.#call<QueueRow[]>('list_queued', rpc.listQueuedArgs(guildIds));
    return rows.map(toQueueEntry);
  }

  async getRubric(guildId: string, type: InterviewType): Promise<RubricCriterion[] | null> {
    const rows = await this.#read<rubrics.RubricRow[]>('get_rubric', rubrics.rubricArgs(guildId, type));
    return rows[0] ? rubrics.toRubric(rows[0]) : null;
  }

  async saveRubric(guildId: string, type: InterviewType, criteria: readonly RubricCriterion[]): Promise<void> {
    await this.#call('save_rubric', rubrics.saveRubricArgs(guildId, type, criteria));
  }

  async resetRubric(guildId: string, type: InterviewType): Promise<boolean> {
    return (await this.#call<boolean>('reset_rubric', rubrics.rubricArgs(guildId, type))) === true;
  }

  async getGuildSettings(guildId: string): Promise<GuildSettings | null> {
    const rows = await this.#read<GuildSettingsRow[]>('get_guild_settings', rpc.getGuildSettingsArgs(guildId));
    return rows[0] ? toGuildSettings(rows[0]) : null;
  }

  async saveGuildSettings(settings: GuildSettings): Promise<void> {
    await this.#call('save_guild_settings', rpc.saveGuildSettingsArgs(settings));
  }

  async recordInterviewMessage(message: InterviewMessage): Promise<void> {
    if (!rpc.isUuid(message.interviewId)) return;
    await this.#call('record_interview_message', messages.recordInterviewMessageArgs(message));
  }

  async listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]> {
    if (!rpc.isUuid(interviewId)) return [];
    const rows = await this.#read<messages.InterviewMessageRow[]>('list_interview_messages', messages.listInterviewMessagesArgs(guildId, interviewId));
    return rows.map(messages.toInterviewMessage);
  }

  async saveReview(input: ReviewInput): Promise<SavedReview | null> {
    if (!rpc.isUuid(input.interviewId)) return null;
    return reviews.toSavedReview(await this.#call<unknown>('save_review', reviews.saveReviewArgs(input)));
  }

  async listReviews(guildId: string, interviewId: string): Promise<MentorReview[]> {
    if (!rpc.isUuid(interviewId)) return [];
    return (await this.#read<reviews.ReviewRow[]>('list_reviews', reviews.listReviewsArgs(guildId, interviewId))).map(reviews.toReview);
  }

  async getReviewStats(query: ReviewStatsQuery): Promise<ReviewStatsData> {
    return reviews.toReviewStats(await this.#read<unknown>('review_stats', reviews.reviewStatsArgs(query)));
  }

  async addBankQuestions(input: NewBankQuestions): Promise<number> {
    if (input.texts.length === 0) return 0;
    return Number(await this.#call<number>('add_bank_questions', bank.addBankQuestionsArgs(input)));
  }

  async listBankQuestions(q: BankQuery): Promise<BankPage> {
    bank.checkBankLimit(q.limit);
    const [rows, total] = await Promise.all([
      this.#read<bank.BankQuestionRow[]>('list_bank_questions', bank.listBankQuestionsArgs(q)),
      this.#read<number>('count_bank_questions', bank.countBankQuestionsArgs(q)),
    ]);
    return { items: rows.map(bank.toBankQuestion), total: Number(total) };
  }

  async removeBankQuestion(guildId: string, id: string): Promise<boolean> {
    if (!rpc.isUuid(id)) return false;
    return (await this.#call<boolean>('remove_bank_question', bank.removeBankQuestionArgs(guildId, id))) === true;
  }

  /** Not a read: the order is random (a volatile function). */
  async pickBankQuestions(guildId: string, jobTitle: string, type: InterviewType, limit: number): Promise<BankQuestion[]> {
    if (limit < 1) return [];
    return (await this.#call<bank.BankQuestionRow[]>('pick_bank_questions', bank.pickBankQuestionsArgs(guildId, jobTitle, type, limit))).map(bank.toBankQuestion);
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }
}
