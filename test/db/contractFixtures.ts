import { randomUUID } from 'node:crypto';
import type { AnswerInput, NewInterview } from '../../src/interview/Store.ts';
import type { SpeechAnalytics } from '../../src/interview/types.ts';
import type { CriterionScore } from '../../src/interview/rubric.ts';

// Inputs the Store contract files share. Every test takes a fresh guild id: the suites share one store.

export const guild = () => `g-${randomUUID()}`;
export const newInterview = (guildId: string, over: Partial<NewInterview> = {}): NewInterview => ({
  guildId,
  candidateUserId: 'user-1',
  candidateName: 'Ada Lovelace',
  textChannelId: 'text-1',
  voiceChannelId: 'voice-1',
  jobTitle: 'Backend Engineer',
  type: 'technical',
  language: 'en',
  questionCount: 3,
  ...over,
});
export const analytics: SpeechAnalytics = {
  timeToFirstWordMs: 850,
  speakingMs: 42_000,
  wordsPerMinute: 131.5,
  longestPauseMs: 2_400,
  fillerWordCount: 3,
  wordCount: 92,
};
export const answer = (guildId: string, interviewId: string, number: number, over: Partial<AnswerInput> = {}): AnswerInput => ({
  guildId,
  interviewId,
  number,
  questionText: `Question ${number}: tell me about a cache you built.`,
  isFallback: number === 2,
  answerStatus: 'answered',
  answerTranscript: `Answer ${number}: I built a distributed cache in Go and cut latency by forty percent.`,
  answerDurationMs: 42_000 + number,
  analytics,
  askedAt: new Date(Date.UTC(2026, 10, 24, 5, number, 0)),
  answeredAt: new Date(Date.UTC(2026, 10, 24, 5, number, 45)),
  ...over,
});
export const scored = (score: number) => ({
  kind: 'scored' as const,
  evaluation: {
    score,
    feedback: `Solid answer (${score}).`,
    strengths: ['concrete numbers', 'clear structure'],
    improvements: ['mention trade-offs'],
    evidence: 'cut latency by forty percent',
    criteria: [] as CriterionScore[],
  },
});
