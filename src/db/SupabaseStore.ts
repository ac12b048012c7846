import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { InterviewDetails, InterviewRecord, InterviewStatus } from '../interview/types.ts';
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
import { checkPage } from './SqlStore.ts';
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

export interface SupabaseStoreOptions {
  /** Project URL, e.g. https://abcd.supabase.co. */
  url: string;
  /** The service_role key: it bypasses row-level security, so it never leaves the server. */
  serviceRoleKey: string;
  /** Each HTTP request is aborted after this long (default 10 000). Reads are retried by supabase-js. */
  requestTimeoutMs?: number;
  /** For tests: the fetch supabase-js uses. */
  fetch?: typeof fetch;
}

interface PostgrestFailure {
  message: string;
  code?: string;
}

/**
 * Raised when Supabase answers with an error. Only PostgREST's message and code are kept: its
 * `details` can quote row values (answers), which must not reach logs.
 */
export class SupabaseStoreError extends Error {
  override name = 'SupabaseStoreError';
  readonly code: string | undefined;
  /** HTTP status of the answer; 0 when no answer came (network failure, timeout). */
  readonly status: number | undefined;
  constructor(operation: string, failure: PostgrestFailure, status?: number) {
    super(`Supabase ${operation} failed: ${failure.message}${failure.code ? ` (${failure.code})` : ''}`);
    this.code = failure.code || undefined;
    this.status = status;
  }
}

function check<T>(operation: string, result: { data: T; error: PostgrestFailure | null; status?: number }): T {
  if (result.error) throw new SupabaseStoreError(operation, result.error, result.status);
  return result.data;
}

/**
 * {@link Store} on Supabase through supabase-js and the service-role key. Reads use PostgREST
 * filters (always including guild_id); every write calls one of the SQL functions of
 * sql/002_functions.sql with rpc(), so multi-row writes are atomic. The schema is applied with
 * the Supabase SQL editor or CLI (see createStore.ts), not from here.
 */
export class SupabaseStore implements Store {
  readonly #client: SupabaseClient;

  constructor(opts: SupabaseStoreOptions) {
    const baseFetch = opts.fetch ?? fetch;
    const timeoutMs = opts.requestTimeoutMs ?? 10_000;
    // A hung Supabase must not hang an interview: every request gets a deadline.
    const fetchWithTimeout: typeof fetch = (input, init) => {
      const deadline = AbortSignal.timeout(timeoutMs);
      return baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    };
    this.#client = createClient(opts.url, opts.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: fetchWithTimeout },
    });
  }

  /** Fails with a message naming the fix when the migrations have not been applied. */
  async checkSchema(): Promise<void> {
    const { error } = await this.#client.from('interviews').select('id').limit(1);
    if (!error) return;
    if (error.code === 'PGRST205' || error.code === '42P01') {
      throw new SupabaseStoreError('schema check', {
        message: 'table "interviews" not found: apply sql/001_schema.sql, sql/002_functions.sql, ... (in order) with the Supabase SQL editor or CLI',
        code: error.code,
      });
    }
    throw new SupabaseStoreError('schema check', error);
  }

  async #call<T>(fn: string, args: rpc.RpcArgs): Promise<T> {
    return check(fn, await this.#client.rpc(fn, args)) as T;
  }

  async createInterview(input: NewInterview): Promise<InterviewRecord> {
    try {
      return toInterview(await this.#call<InterviewRow>('create_interview', rpc.createInterviewArgs(input)));
    } catch (err) {
      if (err instanceof SupabaseStoreError && isOneRunningViolation(err.code, err.message)) throw new InterviewAlreadyRunningError(input.guildId);
      throw err;
    }
  }

  async saveAnswer(input: AnswerInput): Promise<void> {
    const saved = rpc.isUuid(input.interviewId) && (await this.#call<boolean>('save_answer', rpc.saveAnswerArgs(input)));
    if (!saved) throw new Error(`saveAnswer: interview ${input.interviewId} does not exist in guild ${input.guildId}`);
  }

  async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('save_evaluation', rpc.saveEvaluationArgs(guildId, interviewId, number, result));
  }

  async finishInterview(
    guildId: string,
    interviewId: string,
    status: Exclude<InterviewStatus, 'in_progress'>,
    finalScore: number | null,
  ): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('finish_interview', rpc.finishInterviewArgs(guildId, interviewId, status, finalScore));
  }

  async setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void> {
    if (!rpc.isUuid(interviewId)) return;
    await this.#call('set_final_score', rpc.setFinalScoreArgs(guildId, interviewId, finalScore));
  }

  async listInterviews(q: HistoryQuery): Promise<HistoryPage> {
    checkPage(q);
    const from = (q.page - 1) * q.pageSize;
    let query = this.#client.from('interviews').select('*', { count: 'exact' }).eq('guild_id', q.guildId);
    if (q.userId !== undefined) query = query.eq('candidate_user_id', q.userId);
    const result = await query
      .order('created_at', { ascending: false })
      .order('id', { ascending: false })
      .range(from, from + q.pageSize - 1);
    // PostgREST answers 416 (PGRST103) for a page past the end (some versions with a garbled
    // body, hence the status check): an empty page, not an error.
    if (result.status === 416 || result.error?.code === 'PGRST103') return { items: [], total: await this.#countHistory(q) };
    const rows = check('listInterviews', result) as InterviewRow[];
    return { items: rows.map(toInterview), total: result.count ?? rows.length };
  }

  async #countHistory(q: HistoryQuery): Promise<number> {
    let query = this.#client.from('interviews').select('id', { count: 'exact', head: true }).eq('guild_id', q.guildId);
    if (q.userId !== undefined) query = query.eq('candidate_user_id', q.userId);
    const result = await query;
    check('listInterviews count', result);
    return result.count ?? 0;
  }

  async getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null> {
    if (!rpc.isUuid(interviewId)) return null;
    const [interview, questions] = await Promise.all([
      this.#client.from('interviews').select('*').eq('guild_id', guildId).eq('id', interviewId).maybeSingle(),
      this.#client.from('questions').select('*').eq('guild_id', guildId).eq('interview_id', interviewId).order('number'),
    ]);
    const row = check('getInterview', interview) as InterviewRow | null;
    const questionRows = check('getInterview questions', questions) as QuestionRow[];
    return row ? { interview: toInterview(row), questions: questionRows.map(toQuestion) } : null;
  }

  async deleteInterview(guildId: string, interviewId: string): Promise<boolean> {
    if (!rpc.isUuid(interviewId)) return false;
    return this.#call<boolean>('delete_interview', rpc.deleteInterviewArgs(guildId, interviewId));
  }

  /** Excludes interviews still in progress: their running session evaluates its own answers. */
  async listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>> {
    const rows = await this.#call<Array<{ guild_id: string; interview_id: string; number: number }>>(
      'list_unscored',
      rpc.listUnscoredArgs(limit),
    );
    return rows.map((r) => ({ guildId: r.guild_id, interviewId: r.interview_id, number: r.number }));
  }

  async markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]> {
    const rows = await this.#call<InterviewRow[]>('mark_interrupted', rpc.markInterruptedArgs(guildIds));
    return rows.map(toInterview);
  }

  // --- Daily-limit ledger and persisted queue (sql/006_starts_queue.sql) ---
  async recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void> {
    await this.#call('record_interview_start', rpc.recordInterviewStartArgs(guildId, userId, startedAt));
  }

  async countRecentStarts(guildId: string, userId: string, since: Date): Promise<number> {
    const result = await this.#client
      .from('interview_starts')
      .select('id', { count: 'exact', head: true })
      .eq('guild_id', guildId)
      .eq('user_id', userId)
      .gte('started_at', since.toISOString());
    check('countRecentStarts', result);
    return result.count ?? 0;
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
  // --- end of the ledger and queue block ---

  async getGuildSettings(guildId: string): Promise<GuildSettings | null> {
    const row = check(
      'getGuildSettings',
      await this.#client.from('guild_settings').select('*').eq('guild_id', guildId).maybeSingle(),
    ) as GuildSettingsRow | null;
    return row ? toGuildSettings(row) : null;
  }

  async saveGuildSettings(settings: GuildSettings): Promise<void> {
    await this.#call('save_guild_settings', rpc.saveGuildSettingsArgs(settings));
  }

  // Discord messages posted for an interview.
  async recordInterviewMessage(message: InterviewMessage): Promise<void> {
    if (!rpc.isUuid(message.interviewId)) return;
    await this.#call('record_interview_message', messages.recordInterviewMessageArgs(message));
  }

  async listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]> {
    if (!rpc.isUuid(interviewId)) return [];
    const rows = await this.#call<messages.InterviewMessageRow[]>('list_interview_messages', messages.listInterviewMessagesArgs(guildId, interviewId));
    return rows.map(messages.toInterviewMessage);
  }

  /** Nothing to release: supabase-js holds no connection for PostgREST calls. */
  async close(): Promise<void> {}
}
