import { describe, expect, it } from 'vitest';
import { buildResultsEmbed, EMBED_LIMITS, embedLength } from '../../src/bot/embeds/resultsEmbed.ts';
import { LiveInterview } from '../../src/bot/live/LiveInterview.ts';
import { resultsDetails } from '../../src/bot/live/resultsDetails.ts';
import type { Store } from '../../src/interview/Store.ts';
import type { SessionResult } from '../../src/interview/InterviewSession.ts';
import { UserError } from '../../src/UserError.ts';
import { testLogger } from '../ai/testLogger.ts';
import { makeDetails } from './makeDetails.ts';

const result: SessionResult = {
  interviewId: 'iv-123', status: 'completed', reason: 'all questions asked', finalScore: 6,
  questions: [1, 2].map((number) => ({
    number, questionText: `Q${number}?`, isFallback: false, isFollowUp: false, answerStatus: 'answered' as const, answerTranscript: `answer ${number}`,
    evaluationStatus: 'scored' as const, evaluation: { score: 6, feedback: 'Fine. More detail.', strengths: ['Clear'], improvements: ['Detail'], evidence: 'answer', criteria: [] },
  })),
};

describe('results while the database is down', () => {
  it('the embed says which answers are not saved yet, within the limits', () => {
    const e = buildResultsEmbed(makeDetails(20), { unsavedNumbers: [3, 1, 20] });
    expect(e.description).toContain('Not saved yet: Q1, Q3, Q20');
    expect(e.fields?.filter((f) => f.name.includes('not saved yet')).map((f) => f.name.split(' ')[0])).toEqual(['Q1', 'Q3', 'Q20']);
    expect(embedLength(e)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(buildResultsEmbed(makeDetails(2)).description).not.toContain('Not saved');
  });

  it('uses the session outcomes (no read) while writes are queued, and when the store cannot be read', async () => {
    const record = makeDetails(2).interview;
    let reads = 0;
    const down = { getInterview: () => { reads++; return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); } } as unknown as Store;
    const pending = { hasPending: () => true, pendingQuestions: () => [2] };
    const { logger } = testLogger();
    const queued = await resultsDetails({ store: down, pendingWrites: pending, record: { ...record, status: 'in_progress' }, result, logger });
    expect(reads).toBe(0);
    expect(queued.unsavedNumbers).toEqual([2]);
    expect(queued.details?.interview).toMatchObject({ status: 'completed', finalScore: 6 });
    expect(queued.details?.questions.map((q) => [q.number, q.answerTranscript, q.score])).toEqual([[1, 'answer 1', 6], [2, 'answer 2', 6]]);

    const unreadable = await resultsDetails({ store: down, pendingWrites: { hasPending: () => false, pendingQuestions: () => [] }, record, result, logger });
    expect(reads).toBe(1);
    expect(unreadable.details?.questions).toHaveLength(2);
    await expect(resultsDetails({ store: down, pendingWrites: undefined, record, result: null, logger })).rejects.toThrow('ECONNREFUSED');
  });
});

describe('starting an interview while the database is down', () => {
  it('tells the candidate to try again (a UserError, not a generic failure)', async () => {
    const { logger, lines } = testLogger();
    const store = { createInterview: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) } as unknown as Store;
    const request = {
      guild: { id: 'g1' }, candidate: { id: 'u1', displayName: 'Ann' }, textChannel: { id: 't1' }, voiceChannel: { id: 'v1' },
      jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 2, resumeText: 'r', jobDescriptionText: 'j',
    };
    const started = LiveInterview.start({ store, logger, config: {} } as never, request as never);
    await expect(started).rejects.toBeInstanceOf(UserError);
    await expect(started).rejects.toThrow(/could not reach the database.*again in a minute/i);
    expect(lines.some((l) => l.includes('could not create the interview row'))).toBe(true);
  });
});
