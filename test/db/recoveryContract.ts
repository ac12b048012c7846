import { expect, it } from 'vitest';
import type { Store } from '../../src/interview/Store.ts';
import { answer, guild, newInterview, scored } from './contractFixtures.ts';

/**
 * Part of the Store contract (called from storeContract.ts): start-up recovery of interviews
 * left in progress, and which answers the background evaluation retry is offered, in what order.
 */
export function describeRecoveryContract(store: () => Store): void {
  it('marks in-progress interviews of the given guilds interrupted, keeping their answers', async () => {
    const g1 = guild();
    const g2 = guild();
    const finished = await store().createInterview(newInterview(g1));
    await store().finishInterview(g1, finished.id, 'completed', 5);
    const a = await store().createInterview(newInterview(g1));
    const b = await store().createInterview(newInterview(g2));
    await store().saveAnswer(answer(g1, a.id, 1));

    const marked = await store().markInterrupted([g1]);
    expect(marked.map((i) => [i.id, i.status])).toEqual([[a.id, 'interrupted']]);
    expect(marked[0]).toMatchObject({ guildId: g1, textChannelId: 'text-1', candidateUserId: 'user-1' });
    const aNow = await store().getInterview(g1, a.id);
    expect(aNow?.interview.status).toBe('interrupted');
    expect(aNow?.questions.map((q) => q.number)).toEqual([1]);
    expect((await store().getInterview(g2, b.id))?.interview.status).toBe('in_progress');
    expect((await store().getInterview(g1, finished.id))?.interview).toMatchObject({ status: 'completed', finalScore: 5 });
    expect(await store().markInterrupted([g1])).toEqual([]);
    // The pending answer of an interrupted interview is now left for the background retry.
    expect((await store().listUnscored(1000)).filter((u) => u.guildId === g1)).toEqual([{ guildId: g1, interviewId: a.id, number: 1 }]);

    // Without a guild list: every guild.
    const all = await store().markInterrupted();
    expect(all.map((i) => i.id)).toContain(b.id);
    expect((await store().getInterview(g2, b.id))?.interview.status).toBe('interrupted');
  });

  it('gives an interrupted interview the final score over the questions asked (never-asked ones do not count), or null while an answer is unscored or none was asked', async () => {
    // One interview in progress per guild: three guilds.
    const [g, gp, gn] = [guild(), guild(), guild()];
    const scoredAll = await store().createInterview(newInterview(g, { questionCount: 5 }));
    await store().saveAnswer(answer(g, scoredAll.id, 1));
    await store().saveEvaluation(g, scoredAll.id, 1, scored(7));
    await store().saveAnswer(answer(g, scoredAll.id, 2));
    await store().saveEvaluation(g, scoredAll.id, 2, scored(8));
    await store().saveAnswer(answer(g, scoredAll.id, 3, { answerStatus: 'skipped', answerTranscript: null }));
    const pending = await store().createInterview(newInterview(gp, { questionCount: 2 }));
    await store().saveAnswer(answer(gp, pending.id, 1));
    const nothing = await store().createInterview(newInterview(gn, { questionCount: 2 }));

    const marked = await store().markInterrupted([g, gp, gn]);
    const byId = new Map(marked.map((i) => [i.id, i.finalScore]));
    expect(byId).toEqual(new Map([[scoredAll.id, 5], [pending.id, null], [nothing.id, null]]));
    expect((await store().getInterview(g, scoredAll.id))?.interview).toMatchObject({ status: 'interrupted', finalScore: 5 });
    expect((await store().getInterview(gp, pending.id))?.interview.finalScore).toBeNull();
  });

  it('leaves answers of running interviews to their session', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1));
    expect((await store().listUnscored(1000)).filter((u) => u.guildId === g)).toEqual([]);
    await store().finishInterview(g, id, 'abandoned', null);
    expect((await store().listUnscored(1000)).filter((u) => u.guildId === g)).toEqual([{ guildId: g, interviewId: id, number: 1 }]);
  });

  it('offers never-tried answers to the retry before ones that failed recently', async () => {
    const g = guild();
    const { id } = await store().createInterview(newInterview(g));
    await store().saveAnswer(answer(g, id, 1));
    await store().saveAnswer(answer(g, id, 2));
    await store().saveEvaluation(g, id, 1, { kind: 'unscored', reason: 'timeout' });
    await store().finishInterview(g, id, 'completed', null);
    const mine = (await store().listUnscored(1000)).filter((u) => u.guildId === g).map((u) => u.number);
    expect(mine).toEqual([2, 1]);
  });
}
