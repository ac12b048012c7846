import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { InterviewMessages } from '../../../src/bot/live/InterviewMessages.ts';
import { postResults } from '../../../src/bot/live/postResults.ts';
import { resultsTrendsChart } from '../../../src/bot/live/resultsTrendsChart.ts';
import type { Store } from '../../../src/interview/Store.ts';
import { MemoryStore } from '../../../src/interview/testing/MemoryStore.ts';
import type { InterviewDetails } from '../../../src/interview/types.ts';
import { testLogger } from '../../ai/testLogger.ts';

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 9));

/** `count` finished interviews of Ann in g1 (scores 4, 5, …), the last one's details returned (it is "this" interview). */
async function seed(store: Store, count: number, opts: { lastScore?: number | null } = {}): Promise<InterviewDetails> {
  let last: InterviewDetails | null = null;
  for (let k = 0; k < count; k++) {
    const score = k === count - 1 && opts.lastScore !== undefined ? opts.lastScore : 4 + k;
    const r = await store.createInterview({ guildId: 'g1', candidateUserId: 'ann', candidateName: 'Ann', textChannelId: 't1', voiceChannelId: null, jobTitle: 'Dev', type: 'technical', language: 'English', questionCount: 1, startedAt: day(k + 1) });
    await store.saveAnswer({ guildId: 'g1', interviewId: r.id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered', answerTranscript: 'A.', answerDurationMs: 1000, analytics: null, askedAt: day(k + 1), answeredAt: day(k + 1) });
    if (score !== null) await store.saveEvaluation('g1', r.id, 1, { kind: 'scored', evaluation: { score, feedback: 'Fine.', strengths: [], improvements: [], evidence: '', criteria: [] } });
    await store.finishInterview('g1', r.id, 'completed', score);
    last = await store.getInterview('g1', r.id);
  }
  return last!;
}

describe('the trend chart on the results', () => {
  it('comes with the third scored interview (this one included), not before', async () => {
    const { logger } = testLogger();
    const two = new MemoryStore();
    expect(await resultsTrendsChart({ store: two, details: await seed(two, 2), candidateName: 'Ann', logger })).toBeNull();
    const three = new MemoryStore();
    const chart = await resultsTrendsChart({ store: three, details: await seed(three, 3), candidateName: 'Ann', logger });
    expect(chart?.name).toBe('trends.png');
    expect(chart?.description).toBe('Score trends over 3 interviews: overall');
    expect(PNG.sync.read(chart!.attachment).width).toBe(800);
  });

  it('uses this interview as the results show it, and needs it scored', async () => {
    const { logger } = testLogger();
    const store = new MemoryStore();
    const current = await seed(store, 3, { lastScore: null });
    expect(await resultsTrendsChart({ store, details: current, candidateName: 'Ann', logger })).toBeNull();
    // The results know a score the store does not have yet (writes queued): it counts.
    const scored = { ...current, interview: { ...current.interview, finalScore: 6 } };
    expect((await resultsTrendsChart({ store, details: scored, candidateName: 'Ann', logger }))?.description).toBe('Score trends over 3 interviews: overall');
  });

  it('a store that fails or hangs: no chart, a warning, and no exception', async () => {
    const store = new MemoryStore();
    const details = await seed(store, 3);
    const { logger, lines } = testLogger();
    const failing = { listInterviews: () => Promise.reject(new Error('connect ECONNREFUSED')), getInterview: store.getInterview.bind(store) };
    expect(await resultsTrendsChart({ store: failing, details, candidateName: 'Ann', logger })).toBeNull();
    const hanging = { listInterviews: () => new Promise<never>(() => {}), getInterview: store.getInterview.bind(store) };
    expect(await resultsTrendsChart({ store: hanging, details, candidateName: 'Ann', logger, budgetMs: 20 })).toBeNull();
    const warnings = lines.filter((l) => l.includes('results posted without the trend chart'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('ECONNREFUSED');
    expect(warnings[1]).toContain('longer than 20 ms');
  });
});

describe('postResults with the chart', () => {
  type Sent = { embeds: Array<{ image?: { url: string } }>; files: Array<{ name: string }> };
  function fakeChannel(refuseFirst = false): { channel: never; sent: Sent[] } {
    const sent: Sent[] = [];
    const channel = {
      send: (body: Sent) => {
        sent.push(body);
        if (refuseFirst && sent.length === 1) return Promise.reject(new Error('Request entity too large'));
        return Promise.resolve({ id: `m${sent.length}`, channelId: 't1' });
      },
    };
    return { channel: channel as never, sent };
  }

  async function post(store: Store, details: InterviewDetails, channel: never, logger = testLogger().logger): Promise<void> {
    const messages = new InterviewMessages({ store, guildId: 'g1', interviewId: details.interview.id, logger });
    await postResults({ store, pendingWrites: undefined, result: null, logger, record: details.interview, candidateUserId: 'ann', channel, messages, outcome: 'completed', interruptedBy: 'shutdown', referenceId: null });
    await messages.drain();
  }

  it('attaches trends.png as a second file and shows it in the embed; only from the third interview', async () => {
    const store = new MemoryStore();
    const second = await seed(store, 2);
    const before = fakeChannel();
    await post(store, second, before.channel);
    expect(before.sent[0]?.files.map((f) => f.name)).toEqual([expect.stringMatching(/\.md$/)]);
    expect(before.sent[0]?.embeds[0]?.image).toBeUndefined();

    const third = (await seed(store, 1));
    const after = fakeChannel();
    await post(store, third, after.channel);
    expect(after.sent).toHaveLength(1);
    expect(after.sent[0]?.files.map((f) => f.name)).toEqual([expect.stringMatching(/\.md$/), 'trends.png']);
    expect(after.sent[0]?.embeds[0]?.image).toEqual({ url: 'attachment://trends.png' });
  });

  it('posts the results without the chart when Discord refuses the message with it', async () => {
    const store = new MemoryStore();
    const details = await seed(store, 3);
    const { logger, lines } = testLogger();
    const { channel, sent } = fakeChannel(true);
    await post(store, details, channel, logger);
    expect(sent.map((s) => s.files.length)).toEqual([2, 1]);
    expect(sent[1]?.embeds[0]?.image).toBeUndefined();
    expect(lines.some((l) => l.includes('sending it without'))).toBe(true);
    expect((await store.listInterviewMessages('g1', details.interview.id)).map((m) => [m.kind, m.messageId])).toEqual([['results', 'm2']]);
  });
});
