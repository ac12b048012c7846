import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InterviewAlreadyRunningError } from '../../src/interview/InterviewAlreadyRunningError.ts';
import type { NewInterview, Store } from '../../src/interview/Store.ts';

/**
 * Part of the Store contract (called from storeContract.ts, so it runs on PGlite, PostgreSQL and
 * the Supabase stand-in): the daily-limit ledger, one interview in progress per guild, and the
 * persisted queue (sql/006_starts_queue.sql).
 */
export function describeStartsAndQueueContract(
  store: () => Store,
  newInterview: (guildId: string, over?: Partial<NewInterview>) => NewInterview,
): void {
  const guild = () => `g-${randomUUID()}`;

  describe('daily-limit ledger', () => {
    it('counts starts per user and guild since a time', async () => {
      const s = store();
      const g = guild();
      const now = Date.now();
      await s.recordInterviewStart(g, 'user-1', new Date(now - 2 * 86_400_000));
      await s.recordInterviewStart(g, 'user-1', new Date(now - 60_000));
      await s.recordInterviewStart(g, 'user-1');
      await s.recordInterviewStart(g, 'someone-else');
      await s.recordInterviewStart(guild(), 'user-1');
      expect(await s.countRecentStarts(g, 'user-1', new Date(now - 86_400_000))).toBe(2);
      expect(await s.countRecentStarts(g, 'user-1', new Date(now - 3 * 86_400_000))).toBe(3);
      expect(await s.countRecentStarts(g, 'nobody', new Date(0))).toBe(0);
    });

    it('keeps a start when its interview is deleted', async () => {
      const s = store();
      const g = guild();
      const { id } = await s.createInterview(newInterview(g));
      await s.recordInterviewStart(g, 'user-1');
      await s.finishInterview(g, id, 'completed', null);
      expect(await s.deleteInterview(g, id)).toBe(true);
      expect(await s.listInterviews({ guildId: g, userId: 'user-1', page: 1, pageSize: 10 })).toEqual({ items: [], total: 0 });
      expect(await s.countRecentStarts(g, 'user-1', new Date(Date.now() - 86_400_000))).toBe(1);
    });
  });

  describe('one interview in progress per guild', () => {
    it('lets exactly one of two concurrent creates in a guild succeed; the other is InterviewAlreadyRunningError', async () => {
      const s = store();
      // Several guilds at once, so the two creates of each really overlap on a pooled connection.
      const guilds = [guild(), guild(), guild(), guild()];
      const results = await Promise.all(
        guilds.map((g) =>
          Promise.allSettled([
            s.createInterview(newInterview(g, { candidateUserId: 'first' })),
            s.createInterview(newInterview(g, { candidateUserId: 'second' })),
          ]),
        ),
      );
      for (const [i, pair] of results.entries()) {
        const ok = pair.filter((r) => r.status === 'fulfilled');
        const refused = pair.filter((r) => r.status === 'rejected');
        expect(ok, guilds[i]).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(refused[0]!.reason).toBeInstanceOf(InterviewAlreadyRunningError);
        expect((refused[0]!.reason as InterviewAlreadyRunningError).guildId).toBe(guilds[i]);
        const page = await s.listInterviews({ guildId: guilds[i]!, page: 1, pageSize: 10 });
        expect(page.items.map((r) => r.status)).toEqual(['in_progress']);
      }
    });

    it('allows a new interview once the running one is finished or marked interrupted by recovery', async () => {
      const s = store();
      const g = guild();
      const first = await s.createInterview(newInterview(g));
      await expect(s.createInterview(newInterview(g))).rejects.toBeInstanceOf(InterviewAlreadyRunningError);
      // Another guild is not affected.
      await s.createInterview(newInterview(guild()));
      await s.finishInterview(g, first.id, 'abandoned', null);
      const second = await s.createInterview(newInterview(g));
      expect(await s.markInterrupted([g])).toMatchObject([{ id: second.id, status: 'interrupted' }]);
      expect((await s.createInterview(newInterview(g))).status).toBe('in_progress');
    });
  });

  describe('persisted queue', () => {
    const entry = (guildId: string, userId: string) => ({ guildId, userId, textChannelId: `text-${userId}`, voiceChannelId: `voice-${userId}` });

    it('stores waiting candidates oldest first per guild, scoped by guild', async () => {
      const s = store();
      const g = guild();
      const other = guild();
      const a = await s.saveQueueEntry(entry(g, 'a'));
      await s.saveQueueEntry(entry(g, 'b'));
      await s.saveQueueEntry({ ...entry(g, 'c'), voiceChannelId: null });
      await s.saveQueueEntry(entry(other, 'a'));
      expect(a).toMatchObject({ guildId: g, userId: 'a', textChannelId: 'text-a', voiceChannelId: 'voice-a' });
      expect(a.entryId).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.enqueuedAt).toBeInstanceOf(Date);
      const mine = await s.listQueueEntries([g]);
      expect(mine.map((e) => [e.userId, e.voiceChannelId])).toEqual([['a', 'voice-a'], ['b', 'voice-b'], ['c', null]]);
      expect((await s.listQueueEntries([g, other])).map((e) => e.guildId).sort()).toEqual([g, g, g, other].sort());
      expect((await s.listQueueEntries()).filter((e) => e.guildId === g || e.guildId === other)).toHaveLength(4);
      expect(await s.removeQueueEntry(guild(), 'a')).toBe(false);
      expect(await s.listQueueEntries([guild()])).toEqual([]);
    });

    it('removes an entry (leaving, being served, told after a restart); only the given entry when an id is given', async () => {
      const s = store();
      const g = guild();
      const old = await s.saveQueueEntry(entry(g, 'a'));
      await s.saveQueueEntry(entry(g, 'b'));
      // Queued again (e.g. after a restart, before recovery told them): a new entry replaces the old.
      const again = await s.saveQueueEntry({ ...entry(g, 'a'), textChannelId: 'text-new' });
      expect(again.entryId).not.toBe(old.entryId);
      expect((await s.listQueueEntries([g])).map((e) => [e.userId, e.textChannelId])).toEqual([['b', 'text-b'], ['a', 'text-new']]);
      // Recovery removes the entry it announced: not the newer one.
      expect(await s.removeQueueEntry(g, 'a', old.entryId)).toBe(false);
      expect(await s.removeQueueEntry(g, 'a', 'not-a-uuid')).toBe(false);
      expect(await s.removeQueueEntry(g, 'a', again.entryId)).toBe(true);
      expect(await s.removeQueueEntry(g, 'b')).toBe(true);
      expect(await s.removeQueueEntry(g, 'b')).toBe(false);
      expect(await s.listQueueEntries([g])).toEqual([]);
    });
  });
}
