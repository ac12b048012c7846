import type { Store } from '../../../src/interview/Store.ts';
import type { InterviewRecord, InterviewStatus } from '../../../src/interview/types.ts';

/**
 * Writes an interview with `answered` scored answers straight through the store (the bot
 * process must not be running on the same PGlite directory). `status: 'in_progress'` leaves it
 * open, as a crash would.
 */
export async function seedInterview(
  store: Store,
  opts: {
    guildId: string;
    userId: string;
    name: string;
    textChannelId: string;
    jobTitle: string;
    status: InterviewStatus;
    answered: number;
    questionCount?: number;
  },
): Promise<InterviewRecord> {
  const record = await store.createInterview({
    guildId: opts.guildId,
    candidateUserId: opts.userId,
    candidateName: opts.name,
    textChannelId: opts.textChannelId,
    voiceChannelId: null,
    jobTitle: opts.jobTitle,
    type: 'technical',
    language: 'English',
    questionCount: opts.questionCount ?? 3,
  });
  for (let n = 1; n <= opts.answered; n++) {
    await store.saveAnswer({
      guildId: opts.guildId,
      interviewId: record.id,
      number: n,
      questionText: `${opts.jobTitle} question ${n}: how would you design a rate limiter?`,
      isFallback: false,
      answerStatus: 'answered',
      answerTranscript: `${opts.name} answer ${n}: I would use a token bucket per user stored in Redis.`,
      answerDurationMs: 30_000,
      analytics: null,
      askedAt: new Date(),
      answeredAt: new Date(),
    });
    await store.saveEvaluation(opts.guildId, record.id, n, {
      kind: 'scored',
      evaluation: { score: 6 + n, feedback: `Solid answer ${n}. Mention failure modes.`, strengths: ['Concrete design'], improvements: ['Failure modes'], evidence: 'token bucket per user', criteria: [] },
    });
  }
  if (opts.status !== 'in_progress') await store.finishInterview(opts.guildId, record.id, opts.status, opts.status === 'completed' ? 7.5 : null);
  return record;
}
