import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../src/interview/InterviewIO.ts';
import { createLogger } from '../../src/logger.ts';
import { QuestionCards, type CardChannel } from '../../src/bot/live/QuestionCards.ts';
import type { CardMessage } from '../../src/bot/live/renderQuestionCard.ts';

/** A text channel that records posts and edits, each with the (fake) time it happened. */
function fakeChannel() {
  const log: Array<{ op: 'send' | 'edit'; card: number; atMs: number; body: CardMessage }> = [];
  let cards = 0;
  const channel: CardChannel = {
    send: async (body) => {
      const card = ++cards;
      log.push({ op: 'send', card, atMs: Date.now(), body });
      return {
        edit: async (b: CardMessage) => {
          log.push({ op: 'edit', card, atMs: Date.now(), body: b });
        },
      };
    },
  };
  return { channel, log };
}

const field = (body: CardMessage, name: string) => body.embeds[0]?.fields?.find((f) => f.name === name)?.value;
const status = (body: CardMessage) => field(body, 'Status');

function view(over: Partial<SessionView>): SessionView {
  return {
    interviewId: 'iv',
    phase: 'asking',
    number: 1,
    total: 3,
    question: 'What is a cache?',
    isFallback: false,
    partialTranscript: '',
    askedAtMs: null,
    repeatUntilMs: null,
    allowed: { repeat: false, done: false, skip: true, end: true },
    ...over,
  };
}

describe('QuestionCards', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function make(doneButtonAfterMs = 0) {
    const { channel, log } = fakeChannel();
    const cards = new QuestionCards({ channel, logger: createLogger({ level: 'silent' }), captionIntervalMs: 2_000, maxAnswerMs: 300_000, doneButtonAfterMs, nowMs: () => Date.now() });
    return { cards, log };
  }

  it('posts one card per question and edits captions at most every interval', async () => {
    const { cards, log } = make();
    cards.show(view({ phase: 'preparing', question: null }));
    cards.show(view({}));
    await vi.advanceTimersByTimeAsync(10);
    const askedAt = Date.now();
    const answering = { phase: 'answering' as const, askedAtMs: askedAt, repeatUntilMs: askedAt + 120_000, allowed: { repeat: true, done: true, skip: true, end: true } };
    cards.show(view(answering));
    await vi.advanceTimersByTimeAsync(10);
    const words = 'one two three four five six seven eight nine ten'.split(' ');
    for (let i = 1; i <= words.length; i++) {
      cards.show(view({ ...answering, partialTranscript: words.slice(0, i).join(' ') }));
      await vi.advanceTimersByTimeAsync(300);
    }
    await vi.advanceTimersByTimeAsync(3_000);
    const posts = log.filter((e) => e.op === 'send');
    expect(posts).toHaveLength(1);
    expect(status(posts[0]!.body)).toContain('Asking');
    const edits = log.filter((e) => e.op === 'edit');
    // The phase change shows at once; captions then every >= 2 s, ending on the full text.
    expect(status(edits[0]!.body)).toContain('Listening');
    const captionEdits = edits.slice(1);
    expect(captionEdits.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < captionEdits.length; i++) expect(captionEdits[i]!.atMs - captionEdits[i - 1]!.atMs).toBeGreaterThanOrEqual(2_000);
    expect(field(edits.at(-1)!.body, 'Your answer so far')).toBe(words.join(' '));
    expect(field(edits.at(-1)!.body, 'Time left')).toMatch(/^closes <t:\d+:R>$/);

    // The answer ends: the card is closed with the outcome and the next card is posted.
    cards.setQuestionEnd(1, { kind: 'answered', transcript: 'final words' });
    cards.show(view({ phase: 'preparing', number: 2, question: null }));
    cards.show(view({ number: 2, question: 'Second?' }));
    await vi.advanceTimersByTimeAsync(10);
    await cards.close();
    const last1 = log.filter((e) => e.card === 1).at(-1)!;
    expect(status(last1.body)).toContain('Answered');
    expect(field(last1.body, 'Your answer')).toBe('final words');
    expect(last1.body.components).toEqual([]);
    expect(log.filter((e) => e.op === 'send')).toHaveLength(2);
    expect(log.find((e) => e.card === 2)!.body.embeds[0]!.title).toBe('Question 2 of 3');
  });

  it('removes the Repeat button when the repeat window closes, without a session update', async () => {
    const { cards, log } = make();
    const askedAt = Date.now();
    cards.show(view({ phase: 'answering', askedAtMs: askedAt, repeatUntilMs: askedAt + 5_000, allowed: { repeat: true, done: true, skip: true, end: true } }));
    await vi.advanceTimersByTimeAsync(10);
    const ids = (b: CardMessage) => b.components.flatMap((r) => r.components.map((c) => c.custom_id));
    expect(ids(log[0]!.body)).toContain('hotseat:repeat:iv');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(ids(log.at(-1)!.body)).not.toContain('hotseat:repeat:iv');
    await cards.close();
  });

  it('marks skipped questions, shows notices at once, and ends the last card when the interview stops', async () => {
    const { cards, log } = make();
    cards.show(view({ phase: 'answering', askedAtMs: Date.now(), allowed: { repeat: false, done: true, skip: true, end: true } }));
    await vi.advanceTimersByTimeAsync(10);
    cards.setNotice('You left the voice channel: come back to continue.');
    await vi.advanceTimersByTimeAsync(10);
    expect(field(log.at(-1)!.body, 'Note')).toContain('left the voice channel');
    cards.setNotice(null);
    cards.setQuestionEnd(1, { kind: 'skipped' });
    cards.show(view({ phase: 'preparing', number: 2, question: null }));
    cards.show(view({ number: 2, phase: 'answering', askedAtMs: Date.now() }));
    await vi.advanceTimersByTimeAsync(10);
    cards.show(view({ number: 2, phase: 'abandoned', question: null }));
    await cards.close();
    expect(status(log.filter((e) => e.card === 1).at(-1)!.body)).toContain('Skipped');
    expect(status(log.filter((e) => e.card === 2).at(-1)!.body)).toContain('ended');
  });

  it('shows I\'m done only after the configured delay', async () => {
    const { cards, log } = make(10_000);
    const ids = (b: CardMessage) => b.components.flatMap((r) => r.components.map((c) => c.custom_id));
    cards.show(view({ phase: 'asking' }));
    await vi.advanceTimersByTimeAsync(10);
    expect(ids(log.at(-1)!.body)).not.toContain('hotseat:done:iv');
    cards.show(view({ phase: 'answering', askedAtMs: Date.now(), allowed: { repeat: false, done: true, skip: true, end: true } }));
    await vi.advanceTimersByTimeAsync(9_000);
    expect(ids(log.at(-1)!.body)).not.toContain('hotseat:done:iv');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(ids(log.at(-1)!.body)).toContain('hotseat:done:iv');
    await cards.close();
  });
});
