import { systemClock, type Clock } from '../../../src/interview/InterviewIO.ts';
import { InterviewSession, type InterviewSessionOptions } from '../../../src/interview/InterviewSession.ts';
import type { FakeLanguageModel } from '../../../src/ai/testing/FakeLanguageModel.ts';
import type { InterviewType } from '../../../src/interview/types.ts';
import { FakeInterviewIO, type ScriptedAnswer } from './FakeInterviewIO.ts';
import { MemoryStore } from '../../../src/interview/testing/MemoryStore.ts';

/** A clock whose now() can be moved forward; sleeps are real. */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offsetMs = 0;
  return { now: () => Date.now() + offsetMs, sleep: systemClock.sleep, advance: (ms) => { offsetMs += ms; } };
}

export const RESUME = 'Jane Doe. Senior backend engineer. Go, PostgreSQL, Kubernetes. Built a payments cache.';
export const JOB = 'Backend engineer for a payments platform: Go, PostgreSQL, high availability.';

export async function makeSession(opts: {
  model: FakeLanguageModel;
  answers?: ScriptedAnswer[];
  total?: number;
  type?: InterviewType;
  /** Interview language (default English). */
  language?: string;
  store?: MemoryStore;
  io?: FakeInterviewIO;
  resumeText?: string;
  overrides?: Partial<InterviewSessionOptions>;
}): Promise<{ session: InterviewSession; io: FakeInterviewIO; store: MemoryStore; interviewId: string; guildId: string }> {
  const store = opts.store ?? new MemoryStore();
  const io = opts.io ?? new FakeInterviewIO({ answers: opts.answers });
  const interview = await store.createInterview({
    guildId: 'g1', candidateUserId: 'u1', candidateName: 'Jane', textChannelId: 't1', voiceChannelId: 'v1',
    jobTitle: 'Backend Engineer', type: opts.type ?? 'technical', language: opts.language ?? 'English', questionCount: opts.total ?? 3,
  });
  const session = new InterviewSession({
    interview, resumeText: opts.resumeText ?? RESUME, jobDescription: JOB, model: opts.model, store, io,
    repeatWindowMs: 120_000, rejoinTimeoutMs: 60_000, ...opts.overrides,
  });
  return { session, io, store, interviewId: interview.id, guildId: interview.guildId };
}
