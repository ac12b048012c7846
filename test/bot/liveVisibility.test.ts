import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuestionCards, HOLD_NOTE, type CardChannel } from '../../src/bot/live/QuestionCards.ts';
import { renderQuestionCard, type CardMessage, type QuestionCardView } from '../../src/bot/live/renderQuestionCard.ts';
import { DEFAULT_VISIBILITY, readInterviewVisibility } from '../../src/bot/live/interviewVisibility.ts';
import { privateResultsNotice } from '../../src/bot/live/deliverPrivateResults.ts';
import type { SessionView } from '../../src/interview/InterviewIO.ts';
import { defaultGuildSettings } from '../../src/interview/Store.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { createLogger } from '../../src/logger.ts';

const silent = createLogger({ level: 'silent' });
const fields = (body: CardMessage): string => JSON.stringify(body.embeds[0]?.fields ?? []);

const card = (over: Partial<QuestionCardView>): QuestionCardView => ({
  interviewId: 'iv', number: 1, total: 3, questionText: 'What is a cache?', phase: 'listening',
  transcript: 'I built a distributed cache in Go', answerClosesAt: new Date(1_000_000), canRepeat: true, canFinish: true, notice: null, ...over,
});

describe('question card with live captions off', () => {
  it('shows the status and time left but never the words, while listening and once answered', () => {
    const on = renderQuestionCard(card({}));
    expect(fields(on)).toContain('distributed cache');
    const off = renderQuestionCard(card({ captions: false }));
    expect(fields(off)).not.toContain('distributed cache');
    expect(fields(off)).toContain('Listening');
    expect(fields(off)).toContain('Time left');
    expect(fields(off)).toContain('(listening…)');
    const held = renderQuestionCard(card({ captions: false, notice: HOLD_NOTE }));
    expect(fields(held)).toContain(HOLD_NOTE);
    const answered = renderQuestionCard(card({ captions: false, phase: 'answered' }));
    expect(fields(answered)).toContain('Answered');
    expect(fields(answered)).not.toContain('distributed cache');
  });

  describe('QuestionCards', () => {
    beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
    afterEach(() => vi.useRealTimers());

    it('posts and edits cards without the partial transcript when captions are off', async () => {
      const bodies: CardMessage[] = [];
      const channel: CardChannel = { send: async (b) => { bodies.push(b); return { edit: async (e: CardMessage) => { bodies.push(e); } }; } };
      const cards = new QuestionCards({ channel, logger: silent, captionIntervalMs: 2_000, maxAnswerMs: 300_000, nowMs: () => Date.now(), captions: false });
      const base: SessionView = {
        interviewId: 'iv', phase: 'asking', number: 1, total: 2, question: 'What is a cache?', isFallback: false, partialTranscript: '',
        askedAtMs: null, repeatUntilMs: null, allowed: { repeat: false, done: false, skip: true, end: true },
      };
      cards.show(base);
      cards.show({ ...base, phase: 'answering', partialTranscript: 'my secret answer', allowed: { repeat: true, done: true, skip: true, end: true } });
      await vi.advanceTimersByTimeAsync(5_000);
      cards.show({ ...base, phase: 'answering', partialTranscript: 'my secret answer grows', holding: true, allowed: { repeat: true, done: true, skip: true, end: true } });
      await vi.advanceTimersByTimeAsync(5_000);
      cards.setQuestionEnd(1, { kind: 'answered', transcript: 'my secret answer grows' });
      cards.show({ ...base, phase: 'preparing', number: 2, question: null });
      await cards.close();
      const all = bodies.map(fields).join('\n');
      expect(all).not.toContain('secret');
      expect(all).toContain('Listening');
      expect(all).toContain(HOLD_NOTE);
      expect(all).toContain('Answered');
    });
  });
});

describe('readInterviewVisibility', () => {
  it('reads the server’s settings, and falls back to the defaults when unset or when the store fails', async () => {
    const store = new MemoryStore();
    expect(await readInterviewVisibility(store, 'g1', silent)).toEqual(DEFAULT_VISIBILITY);
    await store.saveGuildSettings({ ...defaultGuildSettings('g1'), liveCaptions: false, resultsVisibility: 'private', mentorsChannelId: 'c9' });
    expect(await readInterviewVisibility(store, 'g1', silent)).toEqual({ captions: false, results: 'private', mentorsChannelId: 'c9' });
    const failing = { getGuildSettings: async () => { throw new Error('storage down'); } };
    expect(await readInterviewVisibility(failing, 'g1', silent)).toEqual({ captions: true, results: 'channel', mentorsChannelId: null });
  });
});

describe('privateResultsNotice', () => {
  it('says where the results went, or how to get them when DMs are closed, with no scores', () => {
    expect(privateResultsNotice('u1', 'iv-1', 'sent')).toBe('<@u1> Results were sent to you privately (check your direct messages).');
    const closed = privateResultsNotice('u1', 'iv-1', 'dm_closed');
    expect(closed).toContain('direct messages are closed');
    expect(closed).toContain('/interview show id:iv-1');
    const failed = privateResultsNotice('u1', 'iv-1', 'dm_failed');
    expect(failed).not.toContain('closed');
    expect(failed).toContain('/interview show id:iv-1');
  });
});
