import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { NewInterview, Store } from '../../src/interview/Store.ts';

/**
 * The Store contract for the Discord messages posted for an interview
 * (sql/005_interview_messages.sql). Called inside describeStoreContract, so it runs on PGlite,
 * PostgreSQL and the Supabase stand-in; `store` gives that suite's open store.
 */
export function interviewMessagesContract(store: () => Store): void {
  const guild = (): string => `g-${randomUUID()}`;
  const newInterview = (guildId: string): NewInterview => ({
    guildId, candidateUserId: 'user-1', candidateName: 'Ada', textChannelId: 'text-1', voiceChannelId: 'voice-1',
    jobTitle: 'Backend Engineer', type: 'technical', language: 'en', questionCount: 3,
  });

  it('records the messages posted for an interview once each, lists them oldest first, and drops them with the interview', async () => {
    const s = store();
    const g = guild();
    const { id } = await s.createInterview(newInterview(g));
    // One interview runs per server at a time: the earlier one is finished first.
    await s.finishInterview(g, id, 'completed', null);
    const other = await s.createInterview(newInterview(g));
    await s.recordInterviewMessage({ guildId: g, interviewId: id, channelId: 'text-1', messageId: '1001', kind: 'recording_notice' });
    await s.recordInterviewMessage({ guildId: g, interviewId: id, channelId: 'text-1', messageId: '1002', kind: 'question_card' });
    // Recording the same message again (a retry) stores it once.
    await s.recordInterviewMessage({ guildId: g, interviewId: id, channelId: 'text-1', messageId: '1002', kind: 'question_card' });
    await s.recordInterviewMessage({ guildId: g, interviewId: id, channelId: 'text-2', messageId: '1003', kind: 'results' });
    await s.recordInterviewMessage({ guildId: g, interviewId: other.id, channelId: 'text-1', messageId: '2001', kind: 'question_card' });

    const listed = await s.listInterviewMessages(g, id);
    expect(listed.map(({ createdAt: _, ...m }) => m)).toEqual([
      { guildId: g, interviewId: id, channelId: 'text-1', messageId: '1001', kind: 'recording_notice' },
      { guildId: g, interviewId: id, channelId: 'text-1', messageId: '1002', kind: 'question_card' },
      { guildId: g, interviewId: id, channelId: 'text-2', messageId: '1003', kind: 'results' },
    ]);
    for (const m of listed) expect(m.createdAt).toBeInstanceOf(Date);

    expect(await s.deleteInterview(g, id)).toBe(true);
    expect(await s.listInterviewMessages(g, id)).toEqual([]);
    // Another interview's messages stay.
    expect((await s.listInterviewMessages(g, other.id)).map((m) => m.messageId)).toEqual(['2001']);
  });

  it('scopes messages by guild: nothing is recorded for, or listed from, another guild or an unknown interview', async () => {
    const s = store();
    const g = guild();
    const elsewhere = guild();
    const { id } = await s.createInterview(newInterview(g));
    await s.recordInterviewMessage({ guildId: g, interviewId: id, channelId: 'text-1', messageId: '3001', kind: 'question_card' });
    // Recording under another guild, or for an id that does not exist, stores nothing and does not throw.
    await s.recordInterviewMessage({ guildId: elsewhere, interviewId: id, channelId: 'text-1', messageId: '3002', kind: 'notice' });
    await s.recordInterviewMessage({ guildId: g, interviewId: randomUUID(), channelId: 'text-1', messageId: '3003', kind: 'notice' });
    await s.recordInterviewMessage({ guildId: g, interviewId: 'not-a-uuid', channelId: 'text-1', messageId: '3004', kind: 'notice' });
    expect(await s.listInterviewMessages(elsewhere, id)).toEqual([]);
    expect(await s.listInterviewMessages(g, 'not-a-uuid')).toEqual([]);
    expect((await s.listInterviewMessages(g, id)).map((m) => m.messageId)).toEqual(['3001']);
  });
}
