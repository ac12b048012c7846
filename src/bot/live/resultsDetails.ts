import type { Store } from '../../interview/Store.ts';
import type { SessionResult } from '../../interview/InterviewSession.ts';
import type { InterviewDetails, InterviewRecord, QuestionRecord } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';

/** What the results need to know of the writes still queued (the bot's StoreWriteQueue). */
export interface PendingWrites {
  hasPending(interviewId: string): boolean;
  pendingQuestions(interviewId: string): number[];
}

/**
 * What the results message shows: the stored interview, or, while its writes are still queued
 * (the database is down) or the store cannot be read, the session's own outcomes; with the
 * questions not saved yet, so the candidate is told. Throws only when neither is available.
 */
export async function resultsDetails(opts: {
  store: Store;
  pendingWrites: PendingWrites | undefined;
  record: InterviewRecord;
  result: SessionResult | null;
  logger: Logger;
}): Promise<{ details: InterviewDetails | null; unsavedNumbers: number[] }> {
  const { record, result } = opts;
  const unsavedNumbers = opts.pendingWrites?.pendingQuestions(record.id) ?? [];
  if (result && opts.pendingWrites?.hasPending(record.id)) return { details: detailsFromOutcomes(record, result), unsavedNumbers };
  try {
    return { details: await opts.store.getInterview(record.guildId, record.id), unsavedNumbers };
  } catch (err) {
    if (!result) throw err;
    opts.logger.warn({ err }, 'could not read the interview back; results built from the session');
    return { details: detailsFromOutcomes(record, result), unsavedNumbers };
  }
}

/** The interview as the session saw it (what the store holds once every queued write is in). */
export function detailsFromOutcomes(record: InterviewRecord, result: SessionResult): InterviewDetails {
  const now = new Date();
  const questions: QuestionRecord[] = result.questions.map((q) => ({
    id: `${record.id}:${q.number}`,
    interviewId: record.id,
    number: q.number,
    questionText: q.questionText,
    isFallback: q.isFallback,
    ...(q.fromBank ? { fromBank: true } : {}),
    answerStatus: q.answerStatus,
    answerTranscript: q.answerTranscript,
    evaluationStatus: q.evaluationStatus,
    score: q.evaluation?.score ?? null,
    feedback: q.evaluation?.feedback ?? q.notEnoughReason ?? null,
    strengths: q.evaluation?.strengths ?? [],
    improvements: q.evaluation?.improvements ?? [],
    evidence: q.evaluation?.evidence ?? null,
    criteria: q.evaluation?.criteria ?? [],
    answerDurationMs: null,
    analytics: null,
    askedAt: record.startedAt,
    answeredAt: null,
    evaluatedAt: q.evaluation || q.evaluationStatus === 'not_enough' ? now : null,
  }));
  return { interview: { ...record, status: result.status, finalScore: result.finalScore, completedAt: now }, questions };
}
