import { randomUUID } from 'node:crypto';
import { finalScore } from '../finalScore.ts';
import { InterviewAlreadyRunningError } from '../InterviewAlreadyRunningError.ts';
import { MemoryEvaluations } from './MemoryEvaluations.ts';
import type { InterviewMessage, StoredInterviewMessage } from '../InterviewMessage.ts';
import type { AnswerInput, EvaluationResult, GuildSettings, HistoryPage, HistoryQuery, InterviewSearch, NewInterview, QueueEntry, Store } from '../Store.ts';
import { MAX_RUBRIC_CRITERIA, type RubricCriterion } from '../rubric.ts';
import type { BankPage, BankQuery, BankQuestion, NewBankQuestions } from '../bank/BankQuestion.ts';
import { MemoryBank } from './MemoryBank.ts';
import type { InterviewDetails, InterviewRecord, InterviewStatus, InterviewType, QuestionRecord } from '../types.ts';
import type { MentorReview, ReviewInput, ReviewStatsData, ReviewStatsQuery, SavedReview } from '../review.ts';
import { MemoryReviews } from './MemoryReviews.ts';

/** What PostgreSQL says when a row breaks a check constraint (the message names only the constraint). */
function checkViolation(table: string, column: string): Error {
  return Object.assign(new Error(`new row for relation "${table}" violates check constraint "${table}_${column}_check"`), { code: '23514' });
}

/**
 * An in-memory {@link Store} for engine and bot tests. It passes the same contract as the SQL
 * stores (test/db/memory.test.ts: guild scoping, one interview in progress per guild, check
 * constraints, deleting messages with their interview, queue order, retry order), and adds a
 * log of the writes made and switches to inject storage faults.
 */
export class MemoryStore implements Store {
  readonly interviews = new Map<string, InterviewRecord>();
  /** Keyed `${interviewId}#${number}`. */
  readonly questions = new Map<string, QuestionRecord>();
  readonly log: string[] = [];
  readonly settings = new Map<string, GuildSettings>();
  readonly rubrics = new Map<string, RubricCriterion[]>();
  /** The question bank (sql/011). */
  readonly bank = new MemoryBank();
  readonly starts: Array<{ guildId: string; userId: string; startedAt: Date }> = [];
  /** Waiting candidates, in the order they were queued. */
  readonly queue: QueueEntry[] = [];
  /** Discord messages posted for interviews. */
  messages: StoredInterviewMessage[] = [];
  /** Fail the next N saveAnswer calls (storage fault injection). */
  failSaves = 0;
  /** Every saveEvaluation of this question number fails (storage fault injection). */
  failEvaluationOf: number | null = null;
  /** Every recordInterviewMessage fails (storage fault injection). */
  failMessageRecords = false;

  async createInterview(input: NewInterview): Promise<InterviewRecord> {
    // Like the partial unique index: one interview in progress per guild.
    if ([...this.interviews.values()].some((i) => i.guildId === input.guildId && i.status === 'in_progress')) {
      throw new InterviewAlreadyRunningError(input.guildId);
    }
    if (!Number.isInteger(input.questionCount) || input.questionCount < 1 || input.questionCount > 100) throw checkViolation('interviews', 'question_count');
    const now = new Date();
    const rec: InterviewRecord = {
      id: randomUUID(), guildId: input.guildId, candidateUserId: input.candidateUserId, candidateName: input.candidateName,
      textChannelId: input.textChannelId, voiceChannelId: input.voiceChannelId, jobTitle: input.jobTitle, type: input.type,
      language: input.language, status: 'in_progress', questionCount: input.questionCount, finalScore: null,
      startedAt: input.startedAt ?? now, completedAt: null, createdAt: now,
    };
    this.interviews.set(rec.id, rec);
    return { ...rec };
  }

  #key(interviewId: string, n: number): string {
    return `${interviewId}#${n}`;
  }

  /** The interview if it exists in that guild (like every `where guild_id = … and id = …`). */
  #own(guildId: string, interviewId: string): InterviewRecord | undefined {
    const rec = this.interviews.get(interviewId);
    return rec && rec.guildId === guildId ? rec : undefined;
  }

  #questionsOf(interviewId: string): QuestionRecord[] {
    return [...this.questions.values()].filter((q) => q.interviewId === interviewId).sort((a, b) => a.number - b.number);
  }

  async saveAnswer(input: AnswerInput): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      throw new Error('storage down');
    }
    if (!this.#own(input.guildId, input.interviewId)) throw new Error(`saveAnswer: interview ${input.interviewId} does not exist in guild ${input.guildId}`);
    if (!Number.isInteger(input.number) || input.number < 1) throw checkViolation('questions', 'number');
    if (input.answerDurationMs !== null && input.answerDurationMs < 0) throw checkViolation('questions', 'answer_duration_ms');
    this.log.push(`saveAnswer ${input.number} ${input.answerStatus}`);
    const key = this.#key(input.interviewId, input.number);
    const kept = this.questions.get(key);
    // Like the SQL: a changed transcript or status resets the evaluation.
    const prev = kept && kept.answerStatus === input.answerStatus && kept.answerTranscript === input.answerTranscript ? kept : undefined;
    this.questions.set(key, {
      id: kept?.id ?? randomUUID(), interviewId: input.interviewId, number: input.number, questionText: input.questionText,
      isFallback: input.isFallback, answerStatus: input.answerStatus, answerTranscript: input.answerTranscript,
      evaluationStatus: prev?.evaluationStatus ?? (input.answerStatus === 'answered' ? 'pending' : 'not_applicable'),
      score: prev?.score ?? null, feedback: prev?.feedback ?? null, strengths: prev?.strengths ?? [], improvements: prev?.improvements ?? [],
      evidence: prev?.evidence ?? null, criteria: prev?.criteria ?? [], answerDurationMs: input.answerDurationMs === null ? null : Math.round(input.answerDurationMs),
      analytics: input.analytics, askedAt: input.askedAt, answeredAt: input.answeredAt, evaluatedAt: prev?.evaluatedAt ?? null,
      ...(input.fromBank || kept?.fromBank ? { fromBank: true } : {}),
    });
  }

  async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (number === this.failEvaluationOf) throw new Error('storage down');
    MemoryEvaluations.check(result);
    const q = this.#own(guildId, interviewId) && this.questions.get(this.#key(interviewId, number));
    if (!q) return;
    this.log.push(`saveEvaluation ${number} ${result.kind}`);
    MemoryEvaluations.apply(q, result);
  }

  async finishInterview(guildId: string, interviewId: string, status: Exclude<InterviewStatus, 'in_progress'>, finalScore: number | null): Promise<void> {
    if ((status as InterviewStatus) === 'in_progress') throw new Error('finish_interview: status must be a final status, not in_progress');
    if (finalScore !== null && !(finalScore >= 0 && finalScore <= 10)) throw checkViolation('interviews', 'final_score');
    const rec = this.#own(guildId, interviewId);
    if (!rec) return;
    this.log.push(`finishInterview ${status} ${finalScore}`);
    Object.assign(rec, { status, finalScore, completedAt: rec.completedAt ?? new Date() });
  }

  async setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void> {
    if (finalScore !== null && !(finalScore >= 0 && finalScore <= 10)) throw checkViolation('interviews', 'final_score');
    const rec = this.#own(guildId, interviewId);
    if (!rec) return;
    this.log.push(`setFinalScore ${finalScore}`);
    rec.finalScore = finalScore;
  }

  async listInterviews(query: HistoryQuery): Promise<HistoryPage> {
    if (!Number.isInteger(query.page) || query.page < 1) throw new RangeError(`page must be an integer >= 1, got ${query.page}`);
    if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > 100) {
      throw new RangeError(`pageSize must be an integer from 1 to 100, got ${query.pageSize}`);
    }
    const all = this.#newestFirst(
      (rec) =>
        rec.guildId === query.guildId &&
        (query.userId === undefined || rec.candidateUserId === query.userId) &&
        (query.type === undefined || rec.type === query.type) &&
        (query.since === undefined || rec.startedAt.getTime() >= query.since.getTime()),
    );
    return { items: all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), total: all.length };
  }

  /** Like sql/008's search_interviews: id prefix, or title / name containing the text. */
  async searchInterviews(query: InterviewSearch): Promise<InterviewRecord[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 25) throw new RangeError(`limit must be an integer from 1 to 25, got ${query.limit}`);
    const text = query.text.toLowerCase();
    const matches = (rec: InterviewRecord): boolean =>
      text === '' || rec.id.startsWith(text) || rec.jobTitle.toLowerCase().includes(text) || rec.candidateName.toLowerCase().includes(text);
    return this.#newestFirst((rec) => rec.guildId === query.guildId && (query.userId === undefined || rec.candidateUserId === query.userId) && matches(rec)).slice(0, query.limit);
  }

  /** Copies of the matching interviews, newest first; among equal timestamps the one created later (Map order) first. */
  #newestFirst(keep: (rec: InterviewRecord) => boolean): InterviewRecord[] {
    return [...this.interviews.values()]
      .map((rec, order) => ({ rec, order }))
      .filter(({ rec }) => keep(rec))
      .sort((a, b) => b.rec.createdAt.getTime() - a.rec.createdAt.getTime() || b.order - a.order)
      .map(({ rec }) => ({ ...rec }));
  }

  async getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null> {
    const rec = this.#own(guildId, interviewId);
    if (!rec) return null;
    const questions = this.#questionsOf(interviewId).map((q) => ({ ...q, strengths: [...q.strengths], improvements: [...q.improvements], criteria: structuredClone(q.criteria) }));
    return { interview: { ...rec }, questions };
  }

  async deleteInterview(guildId: string, interviewId: string): Promise<boolean> {
    if (!this.#own(guildId, interviewId)) return false;
    this.interviews.delete(interviewId);
    for (const [k, q] of this.questions) if (q.interviewId === interviewId) this.questions.delete(k);
    this.messages = this.messages.filter((m) => m.interviewId !== interviewId);
    return true;
  }

  /** Like sql/003: never-tried answers first, then the least recently tried; answers of running interviews are left to their session. */
  async listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>> {
    const time = (d: Date | null, missing: number): number => (d === null ? missing : d.getTime());
    return [...this.questions.values()]
      .filter((q) => (q.evaluationStatus === 'pending' || q.evaluationStatus === 'unscored') && this.interviews.get(q.interviewId)?.status !== 'in_progress')
      .sort(
        (a, b) =>
          time(a.evaluatedAt, -Infinity) - time(b.evaluatedAt, -Infinity) ||
          time(a.answeredAt, Infinity) - time(b.answeredAt, Infinity) ||
          a.interviewId.localeCompare(b.interviewId) ||
          a.number - b.number,
      )
      .slice(0, limit)
      .map((q) => ({ guildId: this.interviews.get(q.interviewId)?.guildId ?? '', interviewId: q.interviewId, number: q.number }));
  }

  async markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]> {
    const out: InterviewRecord[] = [];
    for (const rec of this.interviews.values()) {
      if (rec.status === 'in_progress' && (!guildIds || guildIds.includes(rec.guildId))) {
        rec.status = 'interrupted';
        rec.completedAt ??= new Date();
        rec.finalScore = finalScore(this.#questionsOf(rec.id));
        out.push({ ...rec });
      }
    }
    return out;
  }

  async recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void> {
    this.starts.push({ guildId, userId, startedAt: startedAt ?? new Date() });
  }

  async countRecentStarts(guildId: string, userId: string, since: Date): Promise<number> {
    return this.starts.filter((s) => s.guildId === guildId && s.userId === userId && s.startedAt >= since).length;
  }

  /** Queuing again moves the candidate to the back with a new entry id (like enqueue_candidate). */
  async saveQueueEntry(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<QueueEntry> {
    await this.removeQueueEntry(entry.guildId, entry.userId);
    const saved: QueueEntry = { guildId: entry.guildId, userId: entry.userId, textChannelId: entry.textChannelId, voiceChannelId: entry.voiceChannelId, entryId: randomUUID(), enqueuedAt: new Date() };
    this.queue.push(saved);
    return { ...saved };
  }

  async removeQueueEntry(guildId: string, userId: string, entryId?: string): Promise<boolean> {
    const index = this.queue.findIndex((e) => e.guildId === guildId && e.userId === userId && (entryId === undefined || e.entryId === entryId));
    if (index < 0) return false;
    this.queue.splice(index, 1);
    return true;
  }

  /** By guild, then oldest first (like list_queued). */
  async listQueueEntries(guildIds?: string[]): Promise<QueueEntry[]> {
    return this.queue
      .filter((e) => !guildIds || guildIds.includes(e.guildId))
      .map((e, order) => ({ e, order }))
      .sort((a, b) => (a.e.guildId < b.e.guildId ? -1 : a.e.guildId > b.e.guildId ? 1 : a.order - b.order))
      .map(({ e }) => ({ ...e }));
  }

  async getRubric(guildId: string, type: InterviewType): Promise<RubricCriterion[] | null> {
    const rubric = this.rubrics.get(`${guildId}\u0000${type}`);
    return rubric ? structuredClone(rubric) : null;
  }

  async saveRubric(guildId: string, type: InterviewType, criteria: readonly RubricCriterion[]): Promise<void> {
    if (criteria.length < 1 || criteria.length > MAX_RUBRIC_CRITERIA || new Set(criteria.map((c) => c.key)).size !== criteria.length) throw checkViolation('rubrics', 'criteria');
    this.rubrics.set(`${guildId}\u0000${type}`, structuredClone([...criteria]));
  }

  async resetRubric(guildId: string, type: InterviewType): Promise<boolean> {
    return this.rubrics.delete(`${guildId}\u0000${type}`);
  }

  async getGuildSettings(guildId: string): Promise<GuildSettings | null> {
    const settings = this.settings.get(guildId);
    return settings ? { ...settings } : null;
  }

  async saveGuildSettings(settings: GuildSettings): Promise<void> {
    if (settings.defaultQuestions !== null && !(settings.defaultQuestions >= 1 && settings.defaultQuestions <= 100)) throw checkViolation('guild_settings', 'default_questions');
    if (settings.resultsVisibility !== null && settings.resultsVisibility !== 'channel' && settings.resultsVisibility !== 'private') throw checkViolation('guild_settings', 'results_visibility');
    if (settings.bankShare !== null && !(settings.bankShare >= 0 && settings.bankShare <= 1)) throw checkViolation('guild_settings', 'bank_share');
    this.settings.set(settings.guildId, { ...settings });
  }

  /** Recorded once per message; nothing for an interview that does not exist in the guild. */
  async recordInterviewMessage(message: InterviewMessage): Promise<void> {
    if (this.failMessageRecords) throw new Error('storage down');
    if (!this.#own(message.guildId, message.interviewId)) return;
    if (this.messages.some((m) => m.interviewId === message.interviewId && m.messageId === message.messageId)) return;
    this.messages.push({ ...message, createdAt: new Date() });
  }

  async listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]> {
    return this.messages.filter((m) => m.guildId === guildId && m.interviewId === interviewId).map((m) => ({ ...m }));
  }

  /** Mentor reviews (sql/012), kept by a helper that reads the maps above. */
  readonly mentorReviews = new MemoryReviews(this.interviews, this.questions);
  saveReview(input: ReviewInput): Promise<SavedReview | null> { return this.mentorReviews.save(input); }
  listReviews(guildId: string, interviewId: string): Promise<MentorReview[]> { return this.mentorReviews.list(guildId, interviewId); }
  getReviewStats(query: ReviewStatsQuery): Promise<ReviewStatsData> { return this.mentorReviews.stats(query); }

  // Question bank (sql/011), kept by MemoryBank.
  async addBankQuestions(input: NewBankQuestions): Promise<number> { return this.bank.add(input); }
  async listBankQuestions(query: BankQuery): Promise<BankPage> { return this.bank.list(query); }
  async removeBankQuestion(guildId: string, id: string): Promise<boolean> { return this.bank.remove(guildId, id); }
  async pickBankQuestions(guildId: string, jobTitle: string, type: InterviewType, limit: number): Promise<BankQuestion[]> { return this.bank.pick(guildId, jobTitle, type, limit); }

  async close(): Promise<void> {}
}
