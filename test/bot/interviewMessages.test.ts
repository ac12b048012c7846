import { describe, expect, it } from 'vitest';
import { closeInterruptedCards, type PostedCard } from '../../src/bot/closeInterruptedCards.ts';
import { InterviewMessages } from '../../src/bot/live/InterviewMessages.ts';
import { INTERRUPTED_STATUS, renderQuestionCard, type CardMessage, type QuestionCardView } from '../../src/bot/live/renderQuestionCard.ts';
import { removeInterviewMessages } from '../../src/bot/removeInterviewMessages.ts';
import { deletedReply } from '../../src/commands/interview/handleDelete.ts';
import { testLogger } from '../ai/testLogger.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';

const ANSWER = 'I built a distributed cache in Go';

async function storeWithInterview(): Promise<{ store: MemoryStore; guildId: string; interviewId: string }> {
  const store = new MemoryStore();
  const rec = await store.createInterview({
    guildId: 'g1', candidateUserId: 'u1', candidateName: 'Ada', textChannelId: 'c1', voiceChannelId: 'v1',
    jobTitle: 'Backend', type: 'technical', language: 'en', questionCount: 2,
  });
  return { store, guildId: 'g1', interviewId: rec.id };
}

describe('InterviewMessages (recording what the bot posts)', () => {
  it('records each posted message with its kind; a failing store never fails the post, it is logged without content', async () => {
    const { store, guildId, interviewId } = await storeWithInterview();
    const { logger, lines } = testLogger();
    const posted = new InterviewMessages({ store, guildId, interviewId, logger });
    const message = await posted.post('question_card', async () => ({ id: 'm1', channelId: 'c1', content: ANSWER }));
    expect(message.content).toBe(ANSWER);
    posted.postLater('notice', async () => ({ id: 'm2', channelId: 'c1' }));
    await posted.drain();
    expect((await store.listInterviewMessages(guildId, interviewId)).map((m) => [m.messageId, m.kind])).toEqual([['m1', 'question_card'], ['m2', 'notice']]);

    store.failMessageRecords = true;
    await expect(posted.post('results', async () => ({ id: 'm3', channelId: 'c1', content: ANSWER }))).resolves.toMatchObject({ id: 'm3' });
    await posted.drain();
    expect(lines.some((l) => l.includes('could not record a posted message'))).toBe(true);
    expect(lines.join('\n')).not.toContain(ANSWER);
  });

  it('lets a failed Discord post reach the caller of post(), and only logs it for postLater()', async () => {
    const { store, guildId, interviewId } = await storeWithInterview();
    const { logger, lines } = testLogger();
    const posted = new InterviewMessages({ store, guildId, interviewId, logger });
    await expect(posted.post('results', () => Promise.reject(new Error('Missing Permissions')))).rejects.toThrow('Missing Permissions');
    posted.postLater('notice', () => Promise.reject(new Error('Missing Permissions')));
    await posted.drain();
    expect(lines.filter((l) => l.includes('could not post a message'))).toHaveLength(1);
    expect(await store.listInterviewMessages(guildId, interviewId)).toEqual([]);
  });
});

describe('removeInterviewMessages (/interview delete)', () => {
  it('deletes every recorded message; one already gone (10008) is fine, other failures are reported and logged without content', async () => {
    const { store, guildId, interviewId } = await storeWithInterview();
    for (const [id, kind] of [['m1', 'recording_notice'], ['m2', 'question_card'], ['m3', 'question_card'], ['m4', 'results']] as const) {
      await store.recordInterviewMessage({ guildId, interviewId, channelId: 'c1', messageId: id, kind });
    }
    const deletedIds: string[] = [];
    const deleteMessage = async (_channelId: string, messageId: string): Promise<void> => {
      if (messageId === 'm2') throw Object.assign(new Error('Unknown Message'), { code: 10008, status: 404 });
      if (messageId === 'm3') throw Object.assign(new Error('Missing Access'), { code: 50001, status: 403, requestBody: { json: { content: ANSWER } } });
      deletedIds.push(messageId);
    };
    const { logger, lines } = testLogger();
    const result = await removeInterviewMessages({ store, guildId, interviewId, deleteMessage, logger });
    expect(deletedIds).toEqual(['m1', 'm4']);
    expect(result.removed).toBe(3);
    expect(result.failed.map((m) => m.messageId)).toEqual(['m3']);
    const warnings = lines.filter((l) => l.includes('could not delete an interview message'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"messageId":"m3"');
    expect(warnings[0]).toContain('50001');
    expect(lines.join('\n')).not.toContain(ANSWER);

    const reply = deletedReply(guildId, interviewId, result);
    expect(reply).toContain('1 message could not be removed');
    expect(reply).toContain(`https://discord.com/channels/${guildId}/c1/m3`);
    expect(deletedReply(guildId, interviewId, { removed: 4, failed: [] })).not.toContain('could not');
  });
});

describe('closeInterruptedCards (start-up recovery)', () => {
  const view: QuestionCardView = {
    interviewId: 'iv', number: 2, total: 3, questionText: 'How do you test your code?', phase: 'listening', transcript: ANSWER,
    answerClosesAt: new Date(1_800_000_000_000), canRepeat: true, canFinish: true, notice: 'You left the voice channel',
  };

  function fakeCard(body: CardMessage): PostedCard & { edits: CardMessage[] } {
    const edits: CardMessage[] = [];
    return { embeds: body.embeds, hasButtons: body.components.length > 0, edits, edit: async (b) => edits.push(b) };
  }

  it('closes the cards still live: "ended (interrupted by a restart)", no buttons, the words kept; finished and deleted cards are left alone', async () => {
    const { store, guildId, interviewId } = await storeWithInterview();
    const record = (await store.getInterview(guildId, interviewId))!.interview;
    const finished = fakeCard(renderQuestionCard({ ...view, number: 1, phase: 'answered', canRepeat: false, canFinish: false, notice: null }));
    const live = fakeCard(renderQuestionCard(view));
    const cards = new Map([['m1', finished], ['m2', live]]);
    for (const id of ['m1', 'm2', 'gone']) await store.recordInterviewMessage({ guildId, interviewId, channelId: 'c1', messageId: id, kind: 'question_card' });
    await store.recordInterviewMessage({ guildId, interviewId, channelId: 'c1', messageId: 'results', kind: 'results' });
    const fetched: string[] = [];
    const fetchCard = async (_channelId: string, messageId: string): Promise<PostedCard> => {
      fetched.push(messageId);
      const card = cards.get(messageId);
      if (!card) throw Object.assign(new Error('Unknown Message'), { code: 10008 });
      return card;
    };
    const { logger, lines } = testLogger();
    expect(await closeInterruptedCards({ store, record, fetchCard, logger })).toBe(1);
    expect(fetched).toEqual(['m1', 'm2', 'gone']);
    expect(finished.edits).toEqual([]);
    expect(live.edits).toHaveLength(1);
    const edited = live.edits[0]!;
    expect(edited.components).toEqual([]);
    const fields = Object.fromEntries((edited.embeds[0]!.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toEqual({ Status: INTERRUPTED_STATUS, 'Your answer': ANSWER });
    expect(edited.embeds[0]!.title).toBe('Question 2 of 3');
    expect(lines.filter((l) => l.includes('could not close'))).toEqual([]);
  });

  it('never throws: a store or Discord failure is logged', async () => {
    const { store, guildId, interviewId } = await storeWithInterview();
    const record = (await store.getInterview(guildId, interviewId))!.interview;
    await store.recordInterviewMessage({ guildId, interviewId, channelId: 'c1', messageId: 'm1', kind: 'question_card' });
    const { logger, lines } = testLogger();
    const down = async (): Promise<PostedCard> => {
      throw Object.assign(new Error('Service Unavailable'), { status: 503 });
    };
    expect(await closeInterruptedCards({ store, record, fetchCard: down, logger })).toBe(0);
    expect(lines.filter((l) => l.includes('could not close a question card'))).toHaveLength(1);
    const broken = { listInterviewMessages: () => Promise.reject(new Error('storage down')) };
    expect(await closeInterruptedCards({ store: broken, record, fetchCard: down, logger })).toBe(0);
  });
});
