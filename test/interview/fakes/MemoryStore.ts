import { randomUUID } from 'node:crypto';
import { InterviewAlreadyRunningError } from '../../../src/interview/InterviewAlreadyRunningError.ts';
import type { AnswerInput, EvaluationResult, GuildSettings, HistoryPage, HistoryQuery, NewInterview, QueueEntry, Store } from '../../../src/interview/Store.ts';
import type { InterviewMessage, StoredInterviewMessage } from '../../../src/interview/InterviewMessage.ts';
import { finalScore } from '../../../src/interview/finalScore.ts';
import type { InterviewDetails, InterviewRecord, InterviewStatus, QuestionRecord } from '../../../src/interview/types.ts';

/** An in-memory Store for engine tests: same contract, plus a log of the calls made. */
export class MemoryStore implements Store {
  readonly interviews = new Map<string, InterviewRecord>();
  readonly questions = new Map<string, QuestionRecord>();
  readonly log: string[] = [];
  readonly settings = new Map<string, GuildSettings>();
  /** Fail the next N saveAnswer calls (storage fault injection). */
  failSaves = 0;
  /** Every saveEvaluation of this question number fails (storage fault injection). */
  failEvaluationOf: number | null = null;

  async createInterview(input: NewInterview): Promise<InterviewRecord> {
    // Like the partial unique index: one interview in progress per guild.
    if ([...this.interviews.values()].some((i) => i.guildId === input.guildId && i.status === 'in_progress')) {
      throw new InterviewAlreadyRunningError(input.guildId);
    }
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

  #own(guildId: string, interviewId: string): InterviewRecord {
    const rec = this.interviews.get(interviewId);
    if (!rec || rec.guildId !== guildId) throw new Error('no such interview');
    return rec;
  }

  async saveAnswer(input: AnswerInput): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      throw new Error('storage down');
    }
    this.#own(input.guildId, input.interviewId);
    this.log.push(`saveAnswer ${input.number} ${input.answerStatus}`);
    const key = this.#key(input.interviewId, input.number);
    const kept = this.questions.get(key);
    // Like the SQL: a changed transcript or status resets the evaluation to pending.
    const prev = kept && kept.answerStatus === input.answerStatus && kept.answerTranscript === input.answerTranscript ? kept : undefined;
    this.questions.set(key, {
      id: kept?.id ?? randomUUID(), interviewId: input.interviewId, number: input.number, questionText: input.questionText,
      isFallback: input.isFallback, answerStatus: input.answerStatus, answerTranscript: input.answerTranscript,
      evaluationStatus: input.answerStatus === 'answered' ? (prev?.evaluationStatus ?? 'pending') : 'not_applicable',
      score: prev?.score ?? null, feedback: prev?.feedback ?? null, strengths: prev?.strengths ?? [], improvements: prev?.improvements ?? [],
      evidence: prev?.evidence ?? null, answerDurationMs: input.answerDurationMs, analytics: input.analytics, askedAt: input.askedAt,
      answeredAt: input.answeredAt, evaluatedAt: prev?.evaluatedAt ?? null,
    });
  }

  async saveEvaluation(guildId: string, interviewId: string, number: number, result: EvaluationResult): Promise<void> {
    if (number === this.failEvaluationOf) throw new Error('storage down');
    this.#own(guildId, interviewId);
    const q = this.questions.get(this.#key(interviewId, number));
    if (!q) throw new Error('saveEvaluation before saveAnswer');
    this.log.push(`saveEvaluation ${number} ${result.kind}`);
    if (result.kind === 'scored') {
      Object.assign(q, { evaluationStatus: 'scored', score: result.evaluation.score, feedback: result.evaluation.feedback, strengths: result.evaluation.strengths, improvements: result.evaluation.improvements, evidence: result.evaluation.evidence, evaluatedAt: new Date() });
    } else {
      q.evaluationStatus = 'unscored';
    }
  }

  async finishInterview(guildId: string, interviewId: string, status: Exclude<InterviewStatus, 'in_progress'>, finalScore: number | null): Promise<void> {
    const rec = this.#own(guildId, interviewId);
    this.log.push(`finishInterview ${status} ${finalScore}`);
    Object.assign(rec, { status, finalScore, completedAt: new Date() });
  }

  async setFinalScore(guildId: string, interviewId: string, finalScore: number | null): Promise<void> {
    this.log.push(`setFinalScore ${finalScore}`);
    this.#own(guildId, interviewId).finalScore = finalScore;
  }

  async listInterviews(query: HistoryQuery): Promise<HistoryPage> {
    const all = [...this.interviews.values()].filter((i) => i.guildId === query.guildId && (!query.userId || i.candidateUserId === query.userId));
    return { items: all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), total: all.length };
  }

  async getInterview(guildId: string, interviewId: string): Promise<InterviewDetails | null> {
    const rec = this.interviews.get(interviewId);
    if (!rec || rec.guildId !== guildId) return null;
    const questions = [...this.questions.values()].filter((q) => q.interviewId === interviewId).sort((a, b) => a.number - b.number);
    return { interview: { ...rec }, questions: questions.map((q) => ({ ...q })) };
  }

  async deleteInterview(guildId: string, interviewId: string): Promise<boolean> {
    const rec = this.interviews.get(interviewId);
    if (!rec || rec.guildId !== guildId) return false;
    this.interviews.delete(interviewId);
    for (const [k, q] of this.questions) if (q.interviewId === interviewId) this.questions.delete(k);
    this.messages = this.messages.filter((m) => m.interviewId !== interviewId);
    return true;
  }

  async listUnscored(limit: number): Promise<Array<{ guildId: string; interviewId: string; number: number }>> {
    return [...this.questions.values()]
      // Like the SQL: answers of a running interview are not retried (its session evaluates them).
      .filter((q) => this.interviews.get(q.interviewId)?.status !== 'in_progress')
      .filter((q) => q.answerStatus === 'answered' && (q.evaluationStatus === 'pending' || q.evaluationStatus === 'unscored'))
      .slice(0, limit)
      .map((q) => ({ guildId: this.interviews.get(q.interviewId)?.guildId ?? '', interviewId: q.interviewId, number: q.number }));
  }

  async markInterrupted(guildIds?: string[]): Promise<InterviewRecord[]> {
    const out: InterviewRecord[] = [];
    for (const rec of this.interviews.values()) {
      if (rec.status === 'in_progress' && (!guildIds || guildIds.includes(rec.guildId))) {
        rec.status = 'interrupted';
        rec.completedAt ??= new Date();
        const questions = [...this.questions.values()].filter((q) => q.interviewId === rec.id);
        rec.finalScore = finalScore(questions, rec.questionCount);
        out.push({ ...rec });
      }
    }
    return out;
  }

  // --- Daily-limit ledger and persisted queue (sql/006_starts_queue.sql) ---
  readonly starts: Array<{ guildId: string; userId: string; startedAt: Date }> = [];
  readonly queue: QueueEntry[] = [];

  async recordInterviewStart(guildId: string, userId: string, startedAt?: Date): Promise<void> {
    this.starts.push({ guildId, userId, startedAt: startedAt ?? new Date() });
  }

  async countRecentStarts(guildId: string, userId: string, since: Date): Promise<number> {
    return this.starts.filter((s) => s.guildId === guildId && s.userId === userId && s.startedAt >= since).length;
  }

  async saveQueueEntry(entry: Omit<QueueEntry, 'entryId' | 'enqueuedAt'>): Promise<QueueEntry> {
    await this.removeQueueEntry(entry.guildId, entry.userId);
    const saved: QueueEntry = { ...entry, entryId: randomUUID(), enqueuedAt: new Date() };
    this.queue.push(saved);
    return { ...saved };
  }

  async removeQueueEntry(guildId: string, userId: string, entryId?: string): Promise<boolean> {
    const index = this.queue.findIndex((e) => e.guildId === guildId && e.userId === userId && (entryId === undefined || e.entryId === entryId));
    if (index < 0) return false;
    this.queue.splice(index, 1);
    return true;
  }

  async listQueueEntries(guildIds?: string[]): Promise<QueueEntry[]> {
    return this.queue.filter((e) => !guildIds || guildIds.includes(e.guildId)).map((e) => ({ ...e }));
  }
  // --- end of the ledger and queue block ---

  async getGuildSettings(guildId: string): Promise<GuildSettings | null> {
    return this.settings.get(guildId) ?? null;
  }

  async saveGuildSettings(settings: GuildSettings): Promise<void> {
    this.settings.set(settings.guildId, settings);
  }

  // Discord messages posted for an interview.
  messages: StoredInterviewMessage[] = [];
  /** Every recordInterviewMessage fails (storage fault injection). */
  failMessageRecords = false;

  async recordInterviewMessage(message: InterviewMessage): Promise<void> {
    if (this.failMessageRecords) throw new Error('storage down');
    const rec = this.interviews.get(message.interviewId);
    if (!rec || rec.guildId !== message.guildId) return;
    if (this.messages.some((m) => m.interviewId === message.interviewId && m.messageId === message.messageId)) return;
    this.messages.push({ ...message, createdAt: new Date() });
  }

  async listInterviewMessages(guildId: string, interviewId: string): Promise<StoredInterviewMessage[]> {
    return this.messages.filter((m) => m.guildId === guildId && m.interviewId === interviewId).map((m) => ({ ...m }));
  }

  async close(): Promise<void> {}
}
