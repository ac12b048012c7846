import { describe, expect, it } from 'vitest';
import { bankQuestionCount, DEFAULT_BANK_SHARE, loadBankPlan, planBankQuestions } from '../../../src/interview/bank/planBankQuestions.ts';
import { defaultGuildSettings } from '../../../src/interview/Store.ts';
import { MemoryStore } from '../../../src/interview/testing/MemoryStore.ts';

const candidates = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i}`, text: `Bank question number ${i + 1}?` }));

describe('planBankQuestions', () => {
  it('takes round(N × share) questions, best candidates first, spread through the interview (not all at the start)', () => {
    const plan = planBankQuestions(candidates(8), 10, 0.3);
    expect(plan.map((p) => [p.id, p.at])).toEqual([['id-0', 2], ['id-1', 6], ['id-2', 9]]);
    expect(planBankQuestions(candidates(8), 5, 0.3).map((p) => p.at)).toEqual([2, 4]);
    expect(planBankQuestions(candidates(8), 4, 1).map((p) => p.at)).toEqual([1, 2, 3, 4]);
  });

  it('places fewer when the bank has fewer, none at share 0, and uses a text once when two scopes hold it', () => {
    expect(planBankQuestions(candidates(1), 10, 0.5).map((p) => p.at)).toEqual([6]);
    expect(planBankQuestions(candidates(8), 10, 0)).toEqual([]);
    expect(planBankQuestions([], 10, 0.3)).toEqual([]);
    const twice = [{ id: 'a', text: 'Why this role?  Tell me.' }, { id: 'b', text: 'why this role? tell me.' }, { id: 'c', text: 'What motivates you at work?' }];
    expect(planBankQuestions(twice, 10, 0.2).map((p) => p.id)).toEqual(['a', 'c']);
  });

  it('clamps the share to 0–1', () => {
    expect(bankQuestionCount(10, 1.5)).toBe(10);
    expect(bankQuestionCount(10, -1)).toBe(0);
    expect(bankQuestionCount(10, Number.NaN)).toBe(Math.round(10 * DEFAULT_BANK_SHARE));
    expect(bankQuestionCount(1, 0.3)).toBe(0);
  });
});

describe('loadBankPlan', () => {
  it('uses the server’s share (the default when unset) and the questions that fit the interview', async () => {
    const store = new MemoryStore();
    await store.addBankQuestions({ guildId: 'g', jobTitle: 'Backend Engineer', type: null, texts: ['Backend question one here?', 'Backend question two here?'], createdBy: 'm' });
    await store.addBankQuestions({ guildId: 'g', jobTitle: 'Designer', type: null, texts: ['Designer question not for us?'], createdBy: 'm' });
    await store.addBankQuestions({ guildId: 'g', jobTitle: null, type: 'technical', texts: ['Technical question for all?', 'Another technical one here?'], createdBy: 'm' });
    const byDefault = await loadBankPlan({ store, guildId: 'g', jobTitle: 'backend engineer', type: 'technical', total: 10 });
    expect(byDefault.map((p) => p.text).slice(0, 2).sort()).toEqual(['Backend question one here?', 'Backend question two here?']);
    expect(byDefault).toHaveLength(3);
    await store.saveGuildSettings({ ...defaultGuildSettings('g'), bankShare: 0.1 });
    expect(await loadBankPlan({ store, guildId: 'g', jobTitle: 'Backend Engineer', type: 'technical', total: 10 })).toHaveLength(1);
    await store.saveGuildSettings({ ...defaultGuildSettings('g'), bankShare: 0 });
    expect(await loadBankPlan({ store, guildId: 'g', jobTitle: 'Backend Engineer', type: 'technical', total: 10 })).toEqual([]);
  });

  it('gives an empty plan and logs when the store fails', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => void warnings.push(msg), info: () => undefined } as never;
    const store = { getGuildSettings: async () => null, pickBankQuestions: async () => Promise.reject(new Error('storage down')) };
    expect(await loadBankPlan({ store, guildId: 'g', jobTitle: 'x', type: 'hr', total: 10, logger })).toEqual([]);
    expect(warnings).toEqual(['question bank unavailable: tailored questions only']);
  });
});
