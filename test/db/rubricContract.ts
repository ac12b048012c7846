import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEFAULT_RUBRICS, type RubricCriterion } from '../../src/interview/rubric.ts';
import type { Store } from '../../src/interview/Store.ts';

/**
 * The Store contract for a server's own rubrics (sql/009_rubrics.sql). Called inside
 * describeStoreContract, so it runs on every adapter; `store` gives that suite's open store.
 */
export function rubricContract(store: () => Store): void {
  const guild = (): string => `g-${randomUUID()}`;
  const own: RubricCriterion[] = [
    { key: 'clarity', name: 'Clarity — “plain words”', anchors: { low: 'Jargon', mid: 'Mostly clear', high: 'Crystal clear' } },
    { key: 'impact', name: 'Impact', anchors: { low: 'None', mid: 'Some', high: 'Measured' } },
  ];

  it('has no rubric of its own until one is saved; saves, replaces and resets it per server and type', async () => {
    const s = store();
    const g = guild();
    const other = guild();
    expect(await s.getRubric(g, 'technical')).toBeNull();
    await s.saveRubric(g, 'technical', own);
    expect(await s.getRubric(g, 'technical')).toEqual(own);
    expect(await s.getRubric(g, 'hr')).toBeNull();
    expect(await s.getRubric(other, 'technical')).toBeNull();
    await s.saveRubric(g, 'technical', DEFAULT_RUBRICS.hr);
    expect(await s.getRubric(g, 'technical')).toEqual(DEFAULT_RUBRICS.hr);
    expect(await s.resetRubric(other, 'technical')).toBe(false);
    expect(await s.resetRubric(g, 'technical')).toBe(true);
    expect(await s.getRubric(g, 'technical')).toBeNull();
    expect(await s.resetRubric(g, 'technical')).toBe(false);
  });

  it('refuses a rubric with no criteria, more than five, or a key twice, and keeps the one it had', async () => {
    const s = store();
    const g = guild();
    await s.saveRubric(g, 'hr', own);
    await expect(s.saveRubric(g, 'hr', [])).rejects.toThrow(/check constraint/);
    const six = Array.from({ length: 6 }, (_, k) => ({ ...own[0]!, key: `k${k}` }));
    await expect(s.saveRubric(g, 'hr', six)).rejects.toThrow(/check constraint/);
    await expect(s.saveRubric(g, 'hr', [own[0]!, own[0]!])).rejects.toThrow(/check constraint/);
    expect(await s.getRubric(g, 'hr')).toEqual(own);
  });
}
