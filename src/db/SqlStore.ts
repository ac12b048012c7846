import type { InterviewDetails, InterviewRecord, InterviewStatus } from '../interview/types.ts';
import { DatabaseError, withCleanErrors } from './DatabaseError.ts';
import { InterviewAlreadyRunningError } from '../interview/InterviewAlreadyRunningError.ts';
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
import type { InterviewMessage, StoredInterviewMessage } from '../interview/InterviewMessage.ts';
import * as messages from './interviewMessageRows.ts';
import * as rpc from './rpcArgs.ts';
import type { SqlClient } from './SqlClient.ts';
import type {
  AnswerInput,
  EvaluationResult,
  GuildSettings,
  HistoryPage,
  HistoryQuery,
  NewInterview,
  QueueEntry,
  Store,
} from '../interview/Store.ts';

/** JSON-encodes objects/arrays (jsonb arguments); other values go as they are. */
function param(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
}

/** `select * from fn(p_a => $1, ...)`: the set or composite a SQL function returns. */
export async function callRows<Row>(db: SqlClient, fn: string, args: rpc.RpcArgs): Promise<Row[]> {
  const names = Object.keys(args);
  const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
  return db.query<Row>(`select * from ${fn}(${list})`, names.map((n) => param(args[n])));
}

/** The scalar a SQL function returns. */
export async function callScalar<T>(db: SqlClient, fn: string, args: rpc.RpcArgs): Promise<T> {
  const names = Object.keys(args);
  const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
  const rows = await db.query<{ result: T }>(`select ${fn}(${list}) as result`, names.map((n) => param(args[n])));
  return rows[0]!.result;
}

/** Checks history paging arguments: page is 1-based, pageSize 1–100. */
export function checkPage(q: HistoryQuery): void {
  if (!Number.isInteger(q.page) || q.page < 1) throw new RangeError(`page must be an integer >= 1, got ${q.page}`);
  if (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > 100) {
    throw new RangeError(`pageSize must be an integer from 1 to 100, got ${q.pageSize}`);
  }
}

/**
 * {@link Store} over SQL: PGlite (the embedded default) or PostgreSQL through node-postgres.
 * Writes go through the SQL functions of sql/002_functions.sql (the same ones Supabase calls
 * with rpc()), reads are plain queries; every statement filters on guild_id.
 * Writes addressed to an interview that does not exist in the guild do nothing, except
 * saveAnswer, which throws (an answer must never be lost silently).
 */
export class SqlStore implements Store {
  readonly #db: SqlClient;

  /**
   * The store closes `db` when it is closed. Run {@link ./migrate.ts} first. Its errors reach
   * callers as DatabaseErrors: message and SQLSTATE only, never the row or parameters.
   */
  constructor(db: SqlClient) {
    this.#db = withCleanErrors(db);
  }

  async createInterview(input: NewInterview): Promise<InterviewRecord> {
    try {
      const rows = await callRows<InterviewRow>(this.#db, 'create_interview', rpc.createInterviewArgs(input));
      return toInterview(rows[0]!);
    } catch (err) {
      if (err instanceof DatabaseError && isOneRunningViolation(err.code, err.message)) throw new InterviewAlreadyRunningError(input.guildId);
      throw err;
    }
  }

  async saveAnswer(input: AnswerInput): Promise<void> {
    const saved = rpc.isUuid(input.interviewId) && (await callScalar<boolean>(this.#db, 'save_answer', rpc.saveAnswerArgs(input)));
    if (!saved) throw new Error(`saveAnswer: interview ${input.interviewId} does not exist in guild ${input.guildId}`);
  }

  async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await callScalar(this.#db, 'save_evaluation', rpc.saveEvaluationArgs(guildId, interviewId, number, result));
  }

  async finishInterview(
    guildId: string,
    interviewId: string,
    status: Exclude<InterviewStatus, 'in_progress'>,
    finalScore: number | null,
  ): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await callScalar(this.#db, 'finish_interview', rpc.finishInterviewArgs(guildId, interviewId, status, finalScore));
  }

  async setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await callScalar(this.#db, 'set_final_score', rpc.setFinalScoreArgs(guildId, interviewId, finalScore));
  }

  async listInterviews(q: HistoryQuery): Promise<HistoryPage> {
    checkPage(q);
    const where = q.userId === undefined ? 'guild_id = $1' : 'guild_id = $1 and candidate_user_id = $2';
    const params = q.userId === undefined ? [q.guildId] : [q.guildId, q.userId];
    const n = params.length;
    const [count, rows] = await Promise.all([
      this.#db.query<{ total: number }>(`select count(*)::int as total from interviews where ${where}`, params),
      this.#db.query<InterviewRow>(
        `select * from interviews where ${where} order by created_at desc, id desc limit $${n + 1} offset $${n + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
    ]);
    return { items: rows.map(toInterview), total: count[0]?.total ?? 0 };
  }

  async getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null> {
    if (!rpc.isUuid(interviewId)) return null;
    const [interviews, questions] = await Promise.all([
      this.#db.query<InterviewRow>('select * from interviews where guild_id = $1 and id = $2', [guildId, interviewId]),
      this.#db.query<QuestionRow>('select * from questions where guild_id = $1 and interview_id = $2 order by number', [
        guildId,
        interviewId,
      ]),
    ]);
    const row = interviews[0];
    return row ? { interview: toInterview(row), questions: questions.map(toQuestion) } : null;
  }

  async deleteInterview(guildId: string, interviewId: string): Promise<boolean> {
    if (!rpc.isUuid(interviewId)) return false;
    return callScalar<boolean>(this.#db, 'delete_interview', rpc.deleteInterviewArgs(guildId, interviewId));
  }

  /** Excludes interviews still in progress: their running session evaluates its own answers. */
  async listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>> {
    const rows = await callRows<{ guild_id: string; interview_id: string; number: number }>(
      this.#db,
      'list_unscored',
      rpc.listUnscoredArgs(limit),
    );
    return rows.map((r) => ({ guildId: r.guild_id, interviewId: r.interview_id, number: r.number }));
  }

  async markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]> {
    const rows = await callRows<InterviewRow>(this.#db, 'mark_interrupted', rpc.markInterruptedArgs(guildIds));
    return rows.map(toInterview);
  }

  // --- Daily-limit ledger and persisted queue (sql/006_starts_queue.sql) ---
  async recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void> {
    await callScalar(this.#db, 'record_interview_start', rpc.recordInterviewStartArgs(guildId, userId, startedAt));
  }

  async countRecentStarts(guildId: string, userId: string, since: Date): Promise<number> {
    const rows = await this.#db.query<{ n: number }>(
      'select count(*)::int as n from interview_starts where guild_id = $1 and user_id = $2 and started_at >= $3',
      [guildId, userId, since.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }

  async saveQueueEntry(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<QueueEntry> {
    const rows = await callRows<QueueRow>(this.#db, 'enqueue_candidate', rpc.enqueueCandidateArgs(entry));
    return toQueueEntry(rows[0]!);
  }

  async removeQueueEntry(guildId: string, userId: string, entryId?: string): Promise<boolean> {
    if (entryId !== undefined && !rpc.isUuid(entryId)) return false;
    return callScalar<boolean>(this.#db, 'dequeue_candidate', rpc.dequeueCandidateArgs(guildId, userId, entryId));
  }

  async listQueueEntries(guildIds?: string[]): Promise<QueueEntry[]> {
    const rows = await callRows<QueueRow>(this.#db, 'list_queued', rpc.listQueuedArgs(guildIds));
    return rows.map(toQueueEntry);
  }
  // --- end of the ledger and queue block ---

  async getGuildSettings(guildId: string): Promise<GuildSettings | null> {
    const rows = await this.#db.query<GuildSettingsRow>('select * from guild_settings where guild_id = $1', [guildId]);
    return rows[0] ? toGuildSettings(rows[0]) : null;
  }

  async saveGuildSettings(settings: GuildSettings): Promise<void> {
    await callRows(this.#db, 'save_guild_settings', rpc.saveGuildSettingsArgs(settings));
  }

  // Discord messages posted for an interview.
  async recordInterviewMessage(message: InterviewMessage): Promise<void> {
    if (!rpc.isUuid(message.interviewId)) return;
    await callScalar(this.#db, 'record_interview_message', messages.recordInterviewMessageArgs(message));
  }

  async listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]> {
    if (!rpc.isUuid(interviewId)) return [];
    const rows = await callRows<messages.InterviewMessageRow>(this.#db, 'list_interview_messages', messages.listInterviewMessagesArgs(guildId, interviewId));
    return rows.map(messages.toInterviewMessage);
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
