import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../src/interview/InterviewIO.ts';
import { createLogger } from '../../src/logger.ts';
import { CaptionBudget } from '../../src/bot/live/CaptionBudget.ts';
import { QuestionCards, type CardChannel } from '../../src/bot/live/QuestionCards.ts';
import type { CardMessage } from '../../src/bot/live/renderQuestionCard.ts';

describe('CaptionBudget', () => {
  it('gives every interview the minimum interval until the budget is shared by more, then interviews × 1000 / perSecond', () => {
    const budget = new CaptionBudget({ perSecond: 25, minIntervalMs: 2_000 });
    const shares = Array.from({ length: 50 }, () => budget.join());
    expect(shares[0]!.intervalMs()).toBe(2_000);
    const more = Array.from({ length: 150 }, () => budget.join());
    expect(budget.members).toBe(200);
    expect(shares[0]!.intervalMs()).toBe(8_000);
    for (const s of more) {
      s.leave();
      s.leave(); // idempotent: a share leaves once
    }
    expect(budget.members).toBe(50);
    expect(shares[7]!.intervalMs()).toBe(2_000);
    expect(() => new CaptionBudget({ perSecond: 0, minIntervalMs: 2_000 })).toThrow(/positive/);
  });
});

const answering = (partialTranscript: string): SessionView => ({
  interviewId: 'iv', phase: 'answering', number: 1, total: 3, question: 'What is a cache?', isFallback: false, partialTranscript,
  askedAtMs: 1_000_000, repeatUntilMs: null, allowed: { repeat: false, done: true, skip: true, end: true },
});

describe('QuestionCards sharing a CaptionBudget', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('200 interviews whose candidates all speak stay within 25 caption edits a second in all; phase changes still go at once; closed interviews leave', async () => {
    const edits: number[] = [];
    const channel: CardChannel = { send: async () => ({ edit: async (_: CardMessage) => void edits.push(Date.now()) }) };
    const budget = new CaptionBudget({ perSecond: 25, minIntervalMs: 2_000 });
    const logger = createLogger({ level: 'silent' });
    const all = Array.from({ length: 200 }, () => new QuestionCards({ channel, logger, captionIntervalMs: 2_000, captionBudget: budget, maxAnswerMs: 300_000, nowMs: () => Date.now() }));
    all.forEach((c) => c.show(answering('')));
    await vi.advanceTimersByTimeAsync(100);
    expect(budget.members).toBe(200);
    const first = edits.length;
    // Every candidate says a new word every 250 ms for 40 s.
    const startedAtMs = Date.now();
    for (let t = 1; t <= 160; t++) {
      all.forEach((c) => c.show(answering(`word `.repeat(t).trim())));
      await vi.advanceTimersByTimeAsync(250);
    }
    const seconds = (Date.now() - startedAtMs) / 1000;
    const captions = edits.length - first;
    expect(captions / seconds).toBeLessThanOrEqual(25 * 1.05 + 200 / seconds);
    // Without the budget they would have sent one edit per card every 2 s: 100 a second.
    expect(captions / seconds).toBeGreaterThan(15);
    // A phase change is not a caption: it is flushed at once.
    const before = edits.length;
    all[0]!.show({ ...answering('word'), phase: 'paused' });
    await vi.advanceTimersByTimeAsync(10);
    expect(edits.length).toBe(before + 1);
    await Promise.all(all.slice(50).map((c) => c.close()));
    expect(budget.members).toBe(50);
    expect(budget.intervalMs()).toBe(2_000);
    await Promise.all(all.slice(0, 50).map((c) => c.close()));
  });

  it('an interview that never showed a card never takes a share', async () => {
    const budget = new CaptionBudget({ perSecond: 25, minIntervalMs: 2_000 });
    const channel: CardChannel = { send: async () => ({ edit: async () => undefined }) };
    const cards = new QuestionCards({ channel, logger: createLogger({ level: 'silent' }), captionIntervalMs: 2_000, captionBudget: budget, maxAnswerMs: 300_000 });
    expect(budget.members).toBe(0);
    await cards.close();
    expect(budget.members).toBe(0);
  });
});
