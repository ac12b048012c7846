import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Store } from '../../src/interview/Store.ts';
import { answer, guild, newInterview } from './contractFixtures.ts';

/**
 * The Store contract for a server's question bank (sql/011_question_bank.sql). Called inside
 * describeStoreContract, so it runs on every adapter; `store` gives that suite's open store.
 */
export function bankContract(store: () => Store): void {
  const add = (s: Store, guildId: string, texts: string[], scope: { jobTitle?: string | null; type?: 'technical' | 'hr' | null } = {}) =>
    s.addBankQuestions({ guildId, jobTitle: scope.jobTitle ?? null, type: scope.type ?? null, texts, createdBy: 'mentor-1' });

  it('adds questions once per scope (ignoring case and spacing), lists them oldest first and only in their guild', async () => {
    const s = store();
    const g = guild();
    const other = guild();
    expect(await add(s, g, ['Tell me about a hard bug you fixed.', 'How do you review code?'], { jobTitle: 'Backend Engineer' })).toBe(2);
    // The same text in the same scope (other case and spacing) is skipped; in another scope it is new.
    expect(await add(s, g, ['  tell me ABOUT a hard   bug you fixed. ', 'How do you review code?'], { jobTitle: 'backend engineer' })).toBe(0);
    expect(await add(s, g, ['Tell me about a hard bug you fixed.'], { type: 'technical' })).toBe(1);
    // Duplicates inside one batch count once.
    expect(await add(s, g, ['Describe a conflict in your team.', 'describe a conflict in your team.'])).toBe(1);
    expect(await add(s, other, ['How do you review code?'])).toBe(1);

    const all = await s.listBankQuestions({ guildId: g, limit: 100 });
    expect(all.total).toBe(4);
    expect(all.items.map((q) => [q.text, q.jobTitle, q.type])).toEqual([
      ['Tell me about a hard bug you fixed.', 'Backend Engineer', null],
      ['How do you review code?', 'Backend Engineer', null],
      ['Tell me about a hard bug you fixed.', null, 'technical'],
      ['Describe a conflict in your team.', null, null],
    ]);
    expect(all.items[0]).toMatchObject({ guildId: g, createdBy: 'mentor-1' });
    expect(all.items[0]!.createdAt).toBeInstanceOf(Date);
    expect((await s.listBankQuestions({ guildId: other, limit: 100 })).items.map((q) => q.text)).toEqual(['How do you review code?']);
  });

  it('filters by job title (case-insensitive), type and text or id prefix, and pages', async () => {
    const s = store();
    const g = guild();
    await add(s, g, ['Explain how an index speeds up a query.', 'What is 100% test coverage worth?'], { jobTitle: 'DBA', type: 'technical' });
    await add(s, g, ['Tell me about a time you disagreed.'], { type: 'hr' });
    const byTitle = await s.listBankQuestions({ guildId: g, jobTitle: ' dba ', limit: 10 });
    expect(byTitle.items.map((q) => q.text)).toEqual(['Explain how an index speeds up a query.', 'What is 100% test coverage worth?']);
    expect((await s.listBankQuestions({ guildId: g, type: 'hr', limit: 10 })).items.map((q) => q.text)).toEqual(['Tell me about a time you disagreed.']);
    // The text is matched literally: "%" is not a wildcard.
    expect((await s.listBankQuestions({ guildId: g, text: '100%', limit: 10 })).total).toBe(1);
    expect((await s.listBankQuestions({ guildId: g, text: '1%t', limit: 10 })).total).toBe(0);
    const first = byTitle.items[0]!;
    expect((await s.listBankQuestions({ guildId: g, text: first.id.slice(0, 8), limit: 10 })).items.map((q) => q.id)).toEqual([first.id]);
    const page2 = await s.listBankQuestions({ guildId: g, limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, items: [{ text: 'Tell me about a time you disagreed.' }] });
    await expect(s.listBankQuestions({ guildId: g, limit: 0 })).rejects.toThrow(RangeError);
    await expect(s.listBankQuestions({ guildId: g, limit: 101 })).rejects.toThrow(RangeError);
  });

  it('removes a question only in its own guild', async () => {
    const s = store();
    const g = guild();
    await add(s, g, ['What makes a good pull request?']);
    const [q] = (await s.listBankQuestions({ guildId: g, limit: 1 })).items;
    expect(await s.removeBankQuestion(guild(), q!.id)).toBe(false);
    expect(await s.removeBankQuestion(g, 'not-a-uuid')).toBe(false);
    expect(await s.removeBankQuestion(g, randomUUID())).toBe(false);
    expect(await s.removeBankQuestion(g, q!.id.toUpperCase())).toBe(true);
    expect(await s.removeBankQuestion(g, q!.id)).toBe(false);
    expect((await s.listBankQuestions({ guildId: g, limit: 1 })).total).toBe(0);
  });

  it('refuses texts shorter than 10 or longer than 500 characters, and adds none of the batch', async () => {
    const s = store();
    const g = guild();
    await expect(add(s, g, ['A fine question to ask?', 'Short?'])).rejects.toThrow(/check constraint/);
    await expect(add(s, g, ['x'.repeat(501)])).rejects.toThrow(/check constraint/);
    expect((await s.listBankQuestions({ guildId: g, limit: 10 })).total).toBe(0);
    expect(await add(s, g, ['x'.repeat(500), 'ten chars!'])).toBe(2);
  });

  it('picks the questions that fit an interview: job title first, then type, then unscoped; never another guild or scope', async () => {
    const s = store();
    const g = guild();
    await add(s, g, ['Unscoped question one?', 'Unscoped question two?']);
    await add(s, g, ['Technical question one?'], { type: 'technical' });
    await add(s, g, ['HR question that must not come?'], { type: 'hr' });
    await add(s, g, ['Backend question, any type?'], { jobTitle: 'Backend Engineer' });
    await add(s, g, ['Backend HR question must not come?'], { jobTitle: 'Backend Engineer', type: 'hr' });
    await add(s, g, ['Frontend question must not come?'], { jobTitle: 'Frontend Engineer' });
    await add(s, guild(), ['Another guild question?']);
    const picked = await s.pickBankQuestions(g, 'backend ENGINEER', 'technical', 10);
    expect(picked.map((q) => q.text).slice(0, 2)).toEqual(['Backend question, any type?', 'Technical question one?']);
    expect(new Set(picked.slice(2).map((q) => q.text))).toEqual(new Set(['Unscoped question one?', 'Unscoped question two?']));
    expect(picked).toHaveLength(4);
    expect((await s.pickBankQuestions(g, 'Backend Engineer', 'technical', 1)).map((q) => q.text)).toEqual(['Backend question, any type?']);
    expect(await s.pickBankQuestions(g, 'Backend Engineer', 'technical', 0)).toEqual([]);
  });

  it('keeps in the record which answered questions came from the bank', async () => {
    const s = store();
    const g = guild();
    const interview = await s.createInterview(newInterview(g, { questionCount: 2 }));
    await s.saveAnswer(answer(g, interview.id, 1, { fromBank: true }));
    await s.saveAnswer(answer(g, interview.id, 2));
    // Saving it again (a retry) keeps the mark.
    await s.saveAnswer(answer(g, interview.id, 1, { fromBank: true }));
    const details = await s.getInterview(g, interview.id);
    expect(details!.questions.map((q) => q.fromBank === true)).toEqual([true, false]);
    await s.finishInterview(g, interview.id, 'abandoned', null);
  });
}
