import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGuildSettings, type Store } from '../../src/interview/Store.ts';
import { analytics, answer, guild, newInterview, scored } from './contractFixtures.ts';
import { historySearchContract } from './historySearchContract.ts';
import { interviewMessagesContract } from './interviewMessagesContract.ts';
import { describeRecoveryContract } from './recoveryContract.ts';
import { rubricContract } from './rubricContract.ts';
import { reviewsContract } from './reviewsContract.ts';
import { bankContract } from './bankContract.ts';
import { rubricScoresContract } from './rubricScoresContract.ts';
import { describeStartsAndQueueContract } from './startsAndQueueContract.ts';

/**
 * The Store contract, run against every store (PGlite, real PostgreSQL, Supabase through the
 * local PostgREST stand-in, MemoryStore). `open` gives a migrated, empty store; `close` tears it down.
 */
export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    interviewMessagesContract(() => store);
    historySearchContract(() => store);
    rubricContract(() => store);
    reviewsContract(() => store);
    bankContract(() => store);
    rubricScoresContract(() => store);
    describeRecoveryContract(() => store);

    it('stores a whole interview: create, answers with every field, evaluations, finish', async () => {
      const g = guild();
      const startedAt = new Date(Date.UTC(2026, 10, 24, 5, 0, 0));
      const created = await store.createInterview(newInterview(g, { startedAt }));
      expect(created).toMatchObject({
        guildId: g,
        candidateUserId: 'user-1',
        candidateName: 'Ada Lovelace',
        textChannelId: 'text-1',
        voiceChannelId: 'voice-1',
        jobTitle: 'Backend Engineer',
        type: 'technical',
        language: 'en',
        status: 'in_progress',
        questionCount: 3,
        finalScore: null,
        completedAt: null,
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.startedAt.toISOString()).toBe(startedAt.toISOString());
      expect(created.createdAt).toBeInstanceOf(Date);

      await store.saveAnswer(answer(g, created.id, 1));
      await store.saveAnswer(answer(g, created.id, 2));
      await store.saveAnswer(
        answer(g, created.id, 3, { answerStatus: 'unanswered', answerTranscript: null, answerDurationMs: null, analytics: null, answeredAt: null }),
      );
      await store.saveEvaluation(g, created.id, 1, scored(8));
      await store.saveEvaluation(g, created.id, 2, { kind: 'unscored', reason: 'timeout' });

      const mid = await store.getInterview(g, created.id);
      expect(mid?.questions.map((q) => [q.number, q.evaluationStatus, q.score])).toEqual([
        [1, 'scored', 8],
        [2, 'unscored', null],
        [3, 'not_applicable', null],
      ]);
      const q1 = mid!.questions[0]!;
      expect(q1).toMatchObject({
        interviewId: created.id,
        questionText: 'Question 1: tell me about a cache you built.',
        isFallback: false,
        answerStatus: 'answered',
        answerTranscript: 'Answer 1: I built a distributed cache in Go and cut latency by forty percent.',
        feedback: 'Solid answer (8).',
        strengths: ['concrete numbers', 'clear structure'],
        improvements: ['mention trade-offs'],
        evidence: 'cut latency by forty percent',
        answerDurationMs: 42_001,
        analytics,
      });
      expect(q1.askedAt.toISOString()).toBe('2026-11-24T05:01:00.000Z');
      expect(q1.answeredAt?.toISOString()).toBe('2026-11-24T05:01:45.000Z');
      expect(q1.evaluatedAt).toBeInstanceOf(Date);
      expect(mid!.questions[1]).toMatchObject({ isFallback: true, strengths: [], improvements: [], feedback: null });
      expect(mid!.questions[2]).toMatchObject({ answerStatus: 'unanswered', answerTranscript: null, analytics: null, answeredAt: null });

      // An unscored answer is not invented: the final score stays null until it is scored.
      await store.finishInterview(g, created.id, 'completed', null);
      expect(await store.listUnscored(1000).then((l) => l.filter((u) => u.guildId === g))).toEqual([
        { guildId: g, interviewId: created.id, number: 2 },
      ]);
      await store.saveEvaluation(g, created.id, 2, scored(6.5));
      // A late failure never overwrites a score.
      await store.saveEvaluation(g, created.id, 2, { kind: 'unscored', reason: 'late failure' });
      await store.setFinalScore(g, created.id, (8 + 6.5 + 0) / 3);
      expect(await store.listUnscored(1000).then((l) => l.filter((u) => u.guildId === g))).toEqual([]);

      const done = await store.getInterview(g, created.id);
      expect(done?.interview.status).toBe('completed');
      expect(done?.interview.completedAt).toBeInstanceOf(Date);
      expect(done?.interview.finalScore).toBeCloseTo(4.8333, 3);
      expect(done?.questions[1]).toMatchObject({ evaluationStatus: 'scored', score: 6.5, strengths: ['concrete numbers', 'clear structure'] });
    });

    it('saves the same answer twice once, keeping its evaluation; a changed answer is evaluated again', async () => {
      const g = guild();
      const { id } = await store.createInterview(newInterview(g));
      await store.saveAnswer(answer(g, id, 1));
      await store.saveEvaluation(g, id, 1, scored(7));
      await store.saveAnswer(answer(g, id, 1));
      let details = await store.getInterview(g, id);
      expect(details?.questions).toHaveLength(1);
      expect(details?.questions[0]).toMatchObject({ evaluationStatus: 'scored', score: 7 });

      await store.saveAnswer(answer(g, id, 1, { answerTranscript: 'A different answer.' }));
      details = await store.getInterview(g, id);
      expect(details?.questions).toHaveLength(1);
      expect(details?.questions[0]).toMatchObject({
        answerTranscript: 'A different answer.',
        evaluationStatus: 'pending',
        score: null,
        feedback: null,
        strengths: [],
        evaluatedAt: null,
      });
    });

    it('refuses an answer for an interview that does not exist in the guild', async () => {
      const g = guild();
      const { id } = await store.createInterview(newInterview(g));
      await expect(store.saveAnswer(answer(guild(), id, 1))).rejects.toThrow(/does not exist/);
      await expect(store.saveAnswer(answer(g, randomUUID(), 1))).rejects.toThrow(/does not exist/);
      expect((await store.getInterview(g, id))?.questions).toEqual([]);
    });

    it('rejects scores outside 0..10', async () => {
      const g = guild();
      const { id } = await store.createInterview(newInterview(g));
      await store.saveAnswer(answer(g, id, 1));
      await expect(store.saveEvaluation(g, id, 1, scored(11))).rejects.toThrow();
      await expect(store.saveEvaluation(g, id, 1, scored(-1))).rejects.toThrow();
      expect((await store.getInterview(g, id))?.questions[0]?.evaluationStatus).toBe('pending');
    });

    it('keeps what a failed write was saving (answers) out of its error, which callers log', async () => {
      const g = guild();
      const { id } = await store.createInterview(newInterview(g));
      const secret = 'my secret salary is 987654';
      const err = await store.saveAnswer(answer(g, id, 1, { answerTranscript: secret, answerDurationMs: -5 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/check constraint/);
      // Everything a logger's error serializer would print: own properties, the cause chain, the stack.
      const printed = JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as Error).stack) + JSON.stringify((err as Error).cause ?? null);
      expect(printed).not.toContain('987654');
      expect((await store.getInterview(g, id))?.questions).toEqual([]);
    });

    it('scopes everything by guild: another guild cannot see, change or delete an interview', async () => {
      const g = guild();
      const other = guild();
      const { id } = await store.createInterview(newInterview(g));
      await store.saveAnswer(answer(g, id, 1));
      expect(await store.getInterview(other, id)).toBeNull();
      expect(await store.deleteInterview(other, id)).toBe(false);
      expect(await store.listInterviews({ guildId: other, page: 1, pageSize: 10 })).toEqual({ items: [], total: 0 });
      await store.saveEvaluation(other, id, 1, scored(10));
      await store.finishInterview(other, id, 'abandoned', 10);
      await store.setFinalScore(other, id, 9);
      await store.recordInterviewStart(g, 'user-1');
      expect(await store.countRecentStarts(other, 'user-1', new Date(0))).toBe(0);
      const details = await store.getInterview(g, id);
      expect(details?.interview).toMatchObject({ status: 'in_progress', finalScore: null });
      expect(details?.questions[0]).toMatchObject({ evaluationStatus: 'pending', score: null });
      // Malformed ids behave as missing ones.
      expect(await store.getInterview(g, 'not-a-uuid')).toBeNull();
      expect(await store.deleteInterview(g, 'not-a-uuid')).toBe(false);
    });

    it('deletes an interview with its questions', async () => {
      const g = guild();
      const { id } = await store.createInterview(newInterview(g));
      await store.saveAnswer(answer(g, id, 1));
      await store.saveAnswer(answer(g, id, 2));
      expect(await store.deleteInterview(g, id)).toBe(true);
      expect(await store.getInterview(g, id)).toBeNull();
      expect(await store.deleteInterview(g, id)).toBe(false);
      // Re-creating questions for the deleted id is refused: nothing of it is left.
      await expect(store.saveAnswer(answer(g, id, 1))).rejects.toThrow(/does not exist/);
    });

    it('pages history newest first, per guild and per candidate, with totals', async () => {
      const g = guild();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const user = i % 2 === 0 ? 'even' : 'odd';
        const created = await store.createInterview(newInterview(g, { candidateUserId: user, jobTitle: `job ${i}` }));
        await store.finishInterview(g, created.id, 'completed', null);
        ids.push(created.id);
      }
      await store.createInterview(newInterview(guild()));
      const p1 = await store.listInterviews({ guildId: g, page: 1, pageSize: 2 });
      const p2 = await store.listInterviews({ guildId: g, page: 2, pageSize: 2 });
      const p3 = await store.listInterviews({ guildId: g, page: 3, pageSize: 2 });
      const p4 = await store.listInterviews({ guildId: g, page: 4, pageSize: 2 });
      expect([p1.total, p2.total, p3.total, p4.total]).toEqual([5, 5, 5, 5]);
      const all = [...p1.items, ...p2.items, ...p3.items];
      expect(all.map((i) => i.id).sort()).toEqual([...ids].sort());
      expect(p4.items).toEqual([]);
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(all[i]!.createdAt.getTime());
      // Same timestamp within a transaction-less burst is possible; the newest created comes first otherwise.
      const even = await store.listInterviews({ guildId: g, userId: 'even', page: 1, pageSize: 10 });
      expect(even.total).toBe(3);
      expect(even.items.map((i) => i.jobTitle).sort()).toEqual(['job 0', 'job 2', 'job 4']);
      await expect(store.listInterviews({ guildId: g, page: 0, pageSize: 2 })).rejects.toThrow(RangeError);
    });

    it('round-trips guild settings', async () => {
      const g = guild();
      expect(await store.getGuildSettings(g)).toBeNull();
      await store.saveGuildSettings({ ...defaultGuildSettings(g), mentorRoleId: 'role-1', defaultQuestions: 5, defaultType: 'hr', defaultLanguage: 'fr' });
      expect(await store.getGuildSettings(g)).toEqual({
        ...defaultGuildSettings(g),
        mentorRoleId: 'role-1',
        defaultQuestions: 5,
        defaultType: 'hr',
        defaultLanguage: 'fr',
      });
      await store.saveGuildSettings({ ...defaultGuildSettings(g), mentorRoleId: null, defaultQuestions: null, defaultType: null, defaultLanguage: null });
      expect(await store.getGuildSettings(g)).toEqual({
        ...defaultGuildSettings(g),
        mentorRoleId: null,
        defaultQuestions: null,
        defaultType: null,
        defaultLanguage: null,
      });
      expect(await store.getGuildSettings(guild())).toBeNull();
    });

    it('round-trips the visibility settings (results, mentors channel, captions, bank share) and refuses out-of-range ones', async () => {
      const g = guild();
      const visible = { ...defaultGuildSettings(g), mentorRoleId: 'role-1', resultsVisibility: 'private' as const, mentorsChannelId: 'chan-9', liveCaptions: false, bankShare: 0.35 };
      await store.saveGuildSettings(visible);
      expect(await store.getGuildSettings(g)).toEqual(visible);
      const other = { ...visible, resultsVisibility: 'channel' as const, mentorsChannelId: null, liveCaptions: true, bankShare: 1 };
      await store.saveGuildSettings(other);
      expect(await store.getGuildSettings(g)).toEqual(other);
      await store.saveGuildSettings({ ...other, bankShare: 0 });
      expect((await store.getGuildSettings(g))?.bankShare).toBe(0);
      await expect(store.saveGuildSettings({ ...other, bankShare: 1.5 })).rejects.toThrow(/check constraint/);
      await expect(store.saveGuildSettings({ ...other, bankShare: -0.1 })).rejects.toThrow(/check constraint/);
      await expect(store.saveGuildSettings({ ...other, resultsVisibility: 'public' as unknown as 'channel' })).rejects.toThrow(/check constraint/);
      expect(await store.getGuildSettings(g)).toEqual({ ...other, bankShare: 0 });
      await store.saveGuildSettings(defaultGuildSettings(g));
      expect(await store.getGuildSettings(g)).toEqual(defaultGuildSettings(g));
    });

    describeStartsAndQueueContract(() => store, newInterview);
  });
}
