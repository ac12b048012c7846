import { describe, expect, it } from 'vitest';
import { buildCustomId, MAX_CUSTOM_ID_LENGTH, parseCustomId } from '../../src/bot/customId.ts';
import { bankAddedReply } from '../../src/commands/interview/bank/bankAddedReply.ts';
import { decodeBankAddState, encodeBankAddState } from '../../src/commands/interview/bank/handleBankAdd.ts';
import { BANK_PAGE_SIZE, bankListLine } from '../../src/commands/interview/bank/handleBankList.ts';
import { parseBankLines } from '../../src/interview/bank/parseBankLines.ts';

describe('/interview bank helpers', () => {
  it('round-trips the add form’s state in a customId within Discord’s 100 characters, and refuses anything else', () => {
    const userId = '12345678901234567890';
    for (const type of ['technical', 'hr', null] as const) {
      const customId = buildCustomId('bank-add', encodeBankAddState(userId, type));
      expect(customId.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
      const parsed = parseCustomId(customId);
      expect(parsed).toMatchObject({ kind: 'modal', action: 'bank-add' });
      expect(decodeBankAddState(parsed!.kind === 'modal' ? parsed!.id : '')).toEqual({ userId, type });
    }
    expect(decodeBankAddState('123_x')).toBeNull();
    expect(decodeBankAddState('abc_t')).toBeNull();
  });

  it('keeps a full page of the longest questions and job titles inside an embed description (4096)', () => {
    const q = { id: '0123abcd-0000-4000-8000-000000000000', guildId: 'g', jobTitle: 'J'.repeat(100), type: 'technical' as const, text: 'Q'.repeat(500), createdBy: 'm', createdAt: new Date() };
    const page = Array.from({ length: BANK_PAGE_SIZE }, () => bankListLine(q)).join('\n');
    expect(page.length).toBeLessThanOrEqual(4096);
    expect(bankListLine(q)).toMatch(/^`0123abcd` \*J{39}… · technical\* — Q{249}…$/);
    expect(bankListLine({ ...q, jobTitle: null, type: null, text: 'Why this job?' })).toBe('`0123abcd` *any interview* — Why this job?');
  });

  it('says how many were added, already there, repeated or too short', () => {
    const parsed = parseBankLines('What is your biggest strength?\nwhat is your biggest strength?\nWhy?\nTell me about a failure you learned from.');
    expect(bankAddedReply(parsed, 1, { jobTitle: null, type: 'hr' })).toBe(
      'Added 1 question to the server’s bank for every HR interview.\nSkipped: 1 was already in the bank; 1 repeat of an earlier line; 1 line shorter than 10 characters (line 3).\nSee them with `/interview bank list`.',
    );
    expect(bankAddedReply(parseBankLines('\n\n'), 0, { jobTitle: 'SRE', type: null })).toContain('There was no question in it: write one question per line.');
  });
});
