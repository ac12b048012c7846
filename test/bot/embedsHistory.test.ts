import { describe, expect, it } from 'vitest';
import { buildHistoryComponents, historyOption } from '../../src/bot/embeds/historyComponents.ts';
import { interviewChoice } from '../../src/bot/embeds/interviewChoice.ts';
import type { InterviewRecord } from '../../src/interview/types.ts';

const record = (n: number, over: Partial<InterviewRecord> = {}): InterviewRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  guildId: 'g', candidateUserId: 'u', candidateName: 'Ada Lovelace', textChannelId: null, voiceChannelId: null,
  jobTitle: `Backend Engineer ${n}`, type: 'technical', language: 'English', status: 'completed', questionCount: 3,
  finalScore: 7.5, startedAt: new Date(Date.UTC(2026, 10, 24)), completedAt: null, createdAt: new Date(Date.UTC(2026, 10, 24)),
  ...over,
});

type Row = { components: Array<Record<string, unknown>> };
const forPage = (p: number): string => `hotseat:history-page:1_${p}_0_a_0`;

describe('history components', () => {
  it('offer the page’s interviews in a select menu and Prev / Next with unique customIds', () => {
    const rows = buildHistoryComponents([record(1), record(2)], { page: 2, pages: 3, customIdForPage: forPage, selectCustomId: 'hotseat:history-open:1', showCandidate: true }) as unknown as Row[];
    expect(rows).toHaveLength(2);
    const select = rows[0]!.components[0]!;
    expect(rows[0]!.components).toHaveLength(1);
    expect(select).toMatchObject({ type: 3, custom_id: 'hotseat:history-open:1' });
    expect((select.options as unknown[]).map((o) => (o as { value: string }).value)).toEqual([record(1).id, record(2).id]);
    expect(rows[1]!.components.map((b) => [b.custom_id, b.disabled])).toEqual([[forPage(1), false], [forPage(3), false]]);
  });

  it('disable Prev on the first page and Next on the last, hide the buttons for one page, the menu for none', () => {
    const first = buildHistoryComponents([record(1)], { page: 1, pages: 2, customIdForPage: forPage, selectCustomId: 's', showCandidate: false }) as unknown as Row[];
    expect(first[1]!.components.map((b) => [b.custom_id, b.disabled])).toEqual([[forPage(1), true], [forPage(2), false]]);
    const last = buildHistoryComponents([record(1)], { page: 2, pages: 2, customIdForPage: forPage, selectCustomId: 's', showCandidate: false }) as unknown as Row[];
    expect(last[1]!.components.map((b) => [b.custom_id, b.disabled])).toEqual([[forPage(1), false], [forPage(2), true]]);
    expect(buildHistoryComponents([record(1)], { page: 1, pages: 1, customIdForPage: forPage, selectCustomId: 's', showCandidate: false })).toHaveLength(1);
    const past = buildHistoryComponents([], { page: 9, pages: 2, customIdForPage: forPage, selectCustomId: 's', showCandidate: false }) as unknown as Row[];
    expect(past).toHaveLength(1);
    expect(past[0]!.components.map((b) => [b.custom_id, b.disabled])).toEqual([[forPage(2), false], [forPage(9), true]]);
  });

  it('cut labels, descriptions and choice names to Discord’s 100 characters and keep at most 25 options', () => {
    const long = record(3, { jobTitle: 'J'.repeat(300), candidateName: 'N'.repeat(300), status: 'interrupted', finalScore: null });
    const option = historyOption(long, true);
    expect(option.label.length).toBeLessThanOrEqual(100);
    expect(option.description?.length).toBeLessThanOrEqual(100);
    expect(option.description).toBe('Technical · – · interrupted by a restart · 2026-11-24');
    const choice = interviewChoice(long, true);
    expect(choice.name.length).toBeLessThanOrEqual(100);
    expect(choice.name).toMatch(/· 2026-11-24 · –$/);
    expect(choice.value).toBe(long.id);
    expect(interviewChoice(record(4), false).name).toBe('Backend Engineer 4 · 2026-11-24 · 7.5/10');
    const many = Array.from({ length: 30 }, (_, i) => record(i));
    const rows = buildHistoryComponents(many, { page: 1, pages: 1, customIdForPage: forPage, selectCustomId: 's', showCandidate: false }) as unknown as Row[];
    expect(rows[0]!.components[0]!.options as unknown[]).toHaveLength(25);
  });
});

describe('what Discord accepts (the local Discord’s checks)', () => {
  it('takes the history components at their largest, and refuses what Discord refuses', async () => {
    const { checkAutocompleteChoices, checkMessageLimits } = await import('../harness/discord/messageLimits.ts');
    const long = Array.from({ length: 25 }, (_, i) => record(i, { jobTitle: 'J'.repeat(300), candidateName: 'N'.repeat(300) }));
    const components = buildHistoryComponents(long, { page: 2, pages: 3, customIdForPage: forPage, selectCustomId: 'hotseat:history-open:1', showCandidate: true });
    expect(checkMessageLimits({ components } as never)).toBeNull();
    const choices = long.map((i) => interviewChoice(i, true));
    expect(checkAutocompleteChoices({ choices } as never)).toBeNull();

    expect(checkAutocompleteChoices({ choices: [...choices, choices[0]] } as never)?.status).toBe(400);
    expect(checkAutocompleteChoices({ choices: [{ name: '', value: 'x' }] } as never)?.status).toBe(400);
    expect(checkAutocompleteChoices({ choices: [{ name: 'x', value: 'v'.repeat(101) }] } as never)?.status).toBe(400);
    const [menuRow, buttonRow] = components as unknown as [Row, Row];
    const mixed = [{ type: 1, components: [...menuRow.components, ...buttonRow.components] }];
    expect(checkMessageLimits({ components: mixed } as never)?.status).toBe(400);
    const menu = menuRow.components[0]!;
    const tooMany = { ...menu, options: [...(menu.options as unknown[]), { label: 'x', value: 'extra' }] };
    expect(checkMessageLimits({ components: [{ type: 1, components: [tooMany] }] } as never)?.status).toBe(400);
    const longLabel = { ...menu, options: [{ label: 'L'.repeat(101), value: 'v' }] };
    expect(checkMessageLimits({ components: [{ type: 1, components: [longLabel] }] } as never)?.status).toBe(400);
    const noOptions = { ...menu, options: [] };
    expect(checkMessageLimits({ components: [{ type: 1, components: [noOptions] }] } as never)?.status).toBe(400);
  });
});
