import { expect, it } from 'vitest';
import type { NewInterview, Store } from '../../src/interview/Store.ts';
import type { InterviewRecord } from '../../src/interview/types.ts';
import { guild, newInterview } from './contractFixtures.ts';

/**
 * History filters (type, since) and the interview search behind the `id` autocomplete
 * (sql/008_history_filters.sql), on every store. Part of {@link ./storeContract.ts}.
 */
export function historySearchContract(store: () => Store): void {
  /** A finished interview (one may be in progress per guild at a time). */
  async function finished(g: string, over: Partial<NewInterview>): Promise<InterviewRecord> {
    const created = await store().createInterview(newInterview(g, over));
    await store().finishInterview(g, created.id, 'completed', null);
    return created;
  }
  const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 12, 0, 0));

  it('filters history by type and start time, alone and with the candidate, and counts the same', async () => {
    const s = store();
    const g = guild();
    const a = await finished(g, { candidateUserId: 'ann', type: 'technical', startedAt: day(1), jobTitle: 'a' });
    const b = await finished(g, { candidateUserId: 'ann', type: 'hr', startedAt: day(10), jobTitle: 'b' });
    const c = await finished(g, { candidateUserId: 'ben', type: 'hr', startedAt: day(20), jobTitle: 'c' });
    await finished(guild(), { candidateUserId: 'ann', type: 'hr', startedAt: day(20) });
    const titles = async (q: { userId?: string; type?: 'technical' | 'hr'; since?: Date }): Promise<[string[], number]> => {
      const page = await s.listInterviews({ guildId: g, page: 1, pageSize: 10, ...q });
      return [page.items.map((i) => i.jobTitle), page.total];
    };
    expect(await titles({})).toEqual([['c', 'b', 'a'], 3]);
    expect(await titles({ type: 'hr' })).toEqual([['c', 'b'], 2]);
    expect(await titles({ type: 'technical' })).toEqual([['a'], 1]);
    expect(await titles({ since: day(10) })).toEqual([['c', 'b'], 2]);
    expect(await titles({ since: new Date(day(10).getTime() + 1) })).toEqual([['c'], 1]);
    expect(await titles({ userId: 'ann', type: 'hr' })).toEqual([['b'], 1]);
    expect(await titles({ userId: 'ann', since: day(2) })).toEqual([['b'], 1]);
    expect(await titles({ userId: 'ben', type: 'technical' })).toEqual([[], 0]);
    const paged = await s.listInterviews({ guildId: g, type: 'hr', page: 2, pageSize: 1 });
    expect([paged.items.map((i) => i.id), paged.total]).toEqual([[b.id], 2]);
    expect([a.id, c.id]).not.toContain(paged.items[0]?.id);
  });

  it('searches by id prefix, job title or candidate name, newest first, within the guild and candidate', async () => {
    const s = store();
    const g = guild();
    const old = await finished(g, { candidateUserId: 'ann', candidateName: 'Ann Smith', jobTitle: 'Backend Engineer' });
    const mid = await finished(g, { candidateUserId: 'ben', candidateName: 'Ben Jones', jobTitle: 'Data Analyst' });
    const fresh = await finished(g, { candidateUserId: 'ann', candidateName: 'Ann Smith', jobTitle: 'Frontend 100%_done' });
    const elsewhere = await finished(guild(), { candidateUserId: 'ann', candidateName: 'Ann Smith', jobTitle: 'Backend Engineer' });
    const ids = async (text: string, userId?: string, limit = 25): Promise<string[]> =>
      (await s.searchInterviews({ guildId: g, text, limit, ...(userId ? { userId } : {}) })).map((i) => i.id);

    expect(await ids('')).toEqual([fresh.id, mid.id, old.id]);
    expect(await ids('', 'ann')).toEqual([fresh.id, old.id]);
    expect(await ids('', undefined, 2)).toEqual([fresh.id, mid.id]);
    expect(await ids('backend')).toEqual([old.id]);
    expect(await ids('JONES')).toEqual([mid.id]);
    expect(await ids('jones', 'ann')).toEqual([]);
    expect(await ids(mid.id.slice(0, 8))).toEqual([mid.id]);
    expect(await ids(mid.id.slice(0, 8).toUpperCase())).toEqual([mid.id]);
    expect(await ids(elsewhere.id)).toEqual([]);
    // % and _ are taken literally, not as wildcards.
    expect(await ids('100%_')).toEqual([fresh.id]);
    expect(await ids('%')).toEqual([fresh.id]);
    expect(await ids('d_ta')).toEqual([]);
    const [first] = await s.searchInterviews({ guildId: g, text: 'analyst', limit: 1 });
    expect(first).toMatchObject({ id: mid.id, guildId: g, candidateName: 'Ben Jones', status: 'completed' });
    expect(first?.startedAt).toBeInstanceOf(Date);
    await expect(s.searchInterviews({ guildId: g, text: '', limit: 0 })).rejects.toThrow(RangeError);
    await expect(s.searchInterviews({ guildId: g, text: '', limit: 26 })).rejects.toThrow(RangeError);
  });
}
