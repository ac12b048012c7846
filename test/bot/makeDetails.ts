import type { InterviewDetails, InterviewRecord, QuestionRecord } from '../../src/interview/types.ts';

/** Builds an interview with `n` questions for embed tests; every field can be overridden. */
export function makeDetails(
  n: number,
  opts: { interview?: Partial<InterviewRecord>; question?: (i: number) => Partial<QuestionRecord> } = {},
): InterviewDetails {
  const interview: InterviewRecord = {
    id: 'iv-123',
    guildId: 'g1',
    candidateUserId: '111111111111111111',
    candidateName: 'Alice',
    textChannelId: 'c1',
    voiceChannelId: 'v1',
    jobTitle: 'Backend Engineer',
    type: 'technical',
    language: 'English',
    status: 'completed',
    questionCount: n,
    finalScore: 7.25,
    startedAt: new Date('2026-11-24T05:00:00Z'),
    completedAt: new Date('2026-11-24T05:20:00Z'),
    createdAt: new Date('2026-11-24T05:00:00Z'),
    ...opts.interview,
  };
  const questions: QuestionRecord[] = Array.from({ length: n }, (_, k) => ({
    id: `q${k + 1}`,
    interviewId: interview.id,
    number: k + 1,
    questionText: `Question number ${k + 1}: tell me about distributed caches?`,
    isFallback: false,
    answerStatus: 'answered',
    answerTranscript: `Answer ${k + 1}: in my last project I built a distributed cache in Go.`,
    evaluationStatus: 'scored',
    score: 7,
    feedback: `Good structure on answer ${k + 1}. Could quantify the impact more.`,
    strengths: ['Clear structure'],
    improvements: ['Quantify impact'],
    evidence: 'built a distributed cache',
    criteria: [],
    answerDurationMs: 65_000,
    analytics: { timeToFirstWordMs: 900, speakingMs: 60_000, wordsPerMinute: 140, longestPauseMs: 2_000, fillerWordCount: 3, wordCount: 140 },
    askedAt: new Date('2026-11-24T05:01:00Z'),
    answeredAt: new Date('2026-11-24T05:02:00Z'),
    evaluatedAt: new Date('2026-11-24T05:02:05Z'),
    ...opts.question?.(k + 1),
  }));
  return { interview, questions };
}
